package dev.plat.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static long t(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void everyTicksAtMultiplesOfThePeriod() {
    Schedule s = Schedule.parse("@every 30s", null);
    assertEquals(t("2026-01-01T10:00:30Z"), s.nextAfter(t("2026-01-01T10:00:00Z")));
    assertEquals(t("2026-01-01T10:00:30Z"), s.nextAfter(t("2026-01-01T10:00:12.345Z")));
    assertEquals(t("2026-01-01T10:00:00Z"), s.latestAtOrBefore(t("2026-01-01T10:00:29.999Z")));
    assertEquals(t("2026-01-01T10:00:30Z"), s.latestAtOrBefore(t("2026-01-01T10:00:30Z")));
    assertEquals(t("2026-01-01T12:00:00Z"), Schedule.parse("@every 2h", null).nextAfter(t("2026-01-01T10:00:00Z")));
    assertEquals(t("2026-01-01T10:05:00Z"), Schedule.parse("@every 5m", null).nextAfter(t("2026-01-01T10:04:59Z")));
  }

  @Test
  void fiveFieldCronIsCrontab() {
    Schedule s = Schedule.parse("*/5 * * * *", null);
    assertEquals(t("2026-01-01T10:05:00Z"), s.nextAfter(t("2026-01-01T10:00:00Z")));
    assertEquals(t("2026-01-01T10:05:00Z"), s.nextAfter(t("2026-01-01T10:03:10.500Z")));
    assertEquals(t("2026-01-01T10:00:00Z"), s.latestAtOrBefore(t("2026-01-01T10:04:59.999Z")));
    assertEquals(t("2026-01-01T10:05:00Z"), s.latestAtOrBefore(t("2026-01-01T10:05:00Z")));
    // 2026-01-04 is a Sunday: 0 and 7 are both Sunday
    assertEquals(t("2026-01-04T09:00:00Z"), Schedule.parse("0 9 * * 0", null).nextAfter(t("2026-01-01T00:00:00Z")));
    assertEquals(t("2026-01-04T09:00:00Z"), Schedule.parse("0 9 * * 7", null).nextAfter(t("2026-01-01T00:00:00Z")));
    assertEquals(t("2026-01-05T09:00:00Z"), Schedule.parse("0 9 * * 1-5", null).nextAfter(t("2026-01-02T10:00:00Z")));
    assertEquals(t("2026-01-05T09:00:00Z"), Schedule.parse("0 9 * * MON-FRI", null).nextAfter(t("2026-01-02T10:00:00Z")));
    assertEquals(t("2027-01-01T00:00:00Z"), Schedule.parse("0 0 1 JAN *", null).nextAfter(t("2026-01-01T00:00:00Z")));
  }

  @Test
  void sixFieldsHaveSecondsFirst() {
    Schedule s = Schedule.parse("*/2 * * * * *", null);
    assertEquals(t("2026-01-01T10:00:02Z"), s.nextAfter(t("2026-01-01T10:00:00Z")));
    assertEquals(t("2026-01-01T10:00:02Z"), s.nextAfter(t("2026-01-01T10:00:01.999Z")));
    assertEquals(t("2026-01-01T10:00:02Z"), s.latestAtOrBefore(t("2026-01-01T10:00:03.999Z")));
  }

  @Test
  void cronIsReadInTheTimezone() {
    Schedule paris = Schedule.parse("0 9 * * *", "Europe/Paris");
    assertEquals(t("2026-01-01T08:00:00Z"), paris.nextAfter(t("2026-01-01T00:00:00Z")));  // winter: UTC+1
    assertEquals(t("2026-07-01T07:00:00Z"), paris.nextAfter(t("2026-07-01T00:00:00Z")));  // summer: UTC+2
    assertEquals(t("2026-01-01T09:00:00Z"), Schedule.parse("0 9 * * *", null).nextAfter(t("2026-01-01T00:00:00Z")));
  }

  @Test
  void badExpressionsAre400NamingTheField() {
    for (String bad : new String[] {"", "* * *", "61 * * * *", "* * * * * * *", "@daily", "@every 0s", "@every 5d",
        "@every", "*/5 * * * MON-XYZ"}) {
      PlatError e = assertThrows(PlatError.class, () -> Schedule.parse(bad, null), bad);
      assertEquals(400, e.status());
      assertEquals("bad_schedule", e.code(), bad);
      assertTrue(e.getMessage().contains("schedule"), e.getMessage());
    }
    PlatError zone = assertThrows(PlatError.class, () -> Schedule.parse("@every 1m", "Mars/Olympus"));
    assertEquals("bad_schedule_timezone", zone.code());
    assertTrue(zone.getMessage().contains("scheduleTimezone"));
  }

  @Test
  void theSpecKeepsScheduleAndTimezone() {
    FunctionSpec spec = new FunctionSpec(new JsonObject().put("name", "tick").put("runtime", "python-flask")
      .put("schedule", "*/5 * * * *").put("scheduleTimezone", "Europe/Paris"));
    assertEquals("*/5 * * * *", spec.schedule());
    assertEquals("Europe/Paris", spec.scheduleTimezone());
    FunctionSpec back = new FunctionSpec(spec.toJson());
    assertEquals(spec, back);
    assertEquals("*/5 * * * *", back.withSecrets(java.util.List.of("a"), 3).schedule());
  }
}
