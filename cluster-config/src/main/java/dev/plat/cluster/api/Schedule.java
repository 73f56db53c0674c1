package dev.plat.cluster.api;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's {@code "schedule"}: when it is invoked by itself. Either a cron expression, 5 fields
 * ({@code minute hour day-of-month month day-of-week}, as crontab) or 6 with seconds first, read in
 * {@code "scheduleTimezone"} (an IANA zone such as {@code Europe/Paris}, UTC by default); or
 * {@code "@every <n>s|m|h"}, whose ticks are the multiples of the period since the epoch (so every
 * node computes the same tick times). Parsing and execution times come from cron-utils.
 *
 * <p>Tick times are whole epoch milliseconds; {@link #nextAfter} and {@link #latestAtOrBefore} are
 * pure functions of the expression, the zone and the instant given, so two leaders agree on them.
 */
public final class Schedule {
  private static final Pattern EVERY = Pattern.compile("@every\\s+([1-9][0-9]{0,6})([smh])");
  /** crontab's fields with seconds first; a 5-field expression gets "0 " in front. */
  private static final CronDefinition CRON = CronDefinitionBuilder.defineCron()
    .withSeconds().withValidRange(0, 59).withStrictRange().and()
    .withMinutes().withValidRange(0, 59).withStrictRange().and()
    .withHours().withValidRange(0, 23).withStrictRange().and()
    .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
    .withMonth().withValidRange(1, 12).withStrictRange().and()
    .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
    .matchDayOfWeekAndDayOfMonth()
    .instance();
  private static final CronParser PARSER = new CronParser(CRON);

  private final String expression;
  private final ZoneId zone;
  /** {@code @every}'s period, else 0. */
  private final long periodMs;
  private final ExecutionTime cron;

  private Schedule(String expression, ZoneId zone, long periodMs, ExecutionTime cron) {
    this.expression = expression;
    this.zone = zone;
    this.periodMs = periodMs;
    this.cron = cron;
  }

  /**
   * Reads {@code expression} in {@code timezone} ({@code null}: UTC).
   *
   * @throws PlatError 400 {@code bad_schedule} or {@code bad_schedule_timezone} naming the field
   */
  public static Schedule parse(String expression, String timezone) {
    ZoneId zone = zone(timezone);
    String text = expression == null ? "" : expression.trim();
    Matcher every = EVERY.matcher(text);
    if (every.matches()) {
      long unit = switch (every.group(2)) {
        case "s" -> 1_000L;
        case "m" -> 60_000L;
        default -> 3_600_000L;
      };
      return new Schedule(text, zone, Long.parseLong(every.group(1)) * unit, null);
    }
    if (text.startsWith("@")) {
      throw bad(expression, "only '@every <n>s', '<n>m' or '<n>h' is known besides cron expressions");
    }
    String[] fields = text.split("\\s+");
    if (fields.length != 5 && fields.length != 6) {
      throw bad(expression, "a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 "
        + "with seconds first; got " + (text.isEmpty() ? 0 : fields.length));
    }
    try {
      Cron cron = PARSER.parse(fields.length == 5 ? "0 " + text : text);
      cron.validate();
      return new Schedule(text, zone, 0, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw bad(expression, e.getMessage());
    }
  }

  /** True when {@code expression} is {@code null} or blank (the function has no schedule). */
  public static boolean isNone(String expression) {
    return expression == null || expression.isBlank();
  }

  private static ZoneId zone(String timezone) {
    if (timezone == null || timezone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw PlatError.badRequest("bad_schedule_timezone", "scheduleTimezone must be a time zone such as UTC or "
        + "Europe/Paris; got '" + timezone + "'");
    }
  }

  private static PlatError bad(String expression, String why) {
    return PlatError.badRequest("bad_schedule", "schedule must be a cron expression ('*/5 * * * *', or 6 fields with "
      + "seconds first) or '@every 30s'; '" + expression + "': " + why);
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first tick strictly after {@code epochMs}; {@code Long.MAX_VALUE} when there is none. */
  public long nextAfter(long epochMs) {
    if (periodMs > 0) {
      return Math.floorDiv(epochMs, periodMs) * periodMs + periodMs;
    }
    Optional<ZonedDateTime> next = cron.nextExecution(at(epochMs));
    return next.map(t -> t.toInstant().toEpochMilli()).orElse(Long.MAX_VALUE);
  }

  /** The last tick at or before {@code epochMs}; {@code Long.MIN_VALUE} when there is none. */
  public long latestAtOrBefore(long epochMs) {
    if (periodMs > 0) {
      return Math.floorDiv(epochMs, periodMs) * periodMs;
    }
    long second = Math.floorDiv(epochMs, 1000) * 1000;
    if (cron.isMatch(at(second))) {
      return second;
    }
    Optional<ZonedDateTime> last = cron.lastExecution(at(second));
    return last.map(t -> t.toInstant().toEpochMilli()).orElse(Long.MIN_VALUE);
  }

  private ZonedDateTime at(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(zone);
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
