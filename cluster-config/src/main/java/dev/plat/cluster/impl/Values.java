package dev.plat.cluster.impl;

import dev.plat.cluster.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsers behind {@link dev.plat.cluster.ValueType}; each throws IllegalArgumentException. */
public final class Values {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile(
    "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HOSTNAME = Pattern.compile(
    "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern TOKEN_ROLE = Pattern.compile("admin|deployer|invoker");
  private static final Pattern ORIGIN = Pattern.compile(
    "https?://(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\\d{1,5})?");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,18})\\s*(?i)(KiB|MiB|GiB|k|m|g)?");

  private Values() {
  }

  public static Object token(String s) {
    return check(s, !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace));
  }

  public static Object optionalSecret(String s) {
    return s.isEmpty() ? null : check(s, s.length() >= 16 && s.length() <= 256 && s.chars().allMatch(c -> c > ' ' && c < 127));
  }

  public static Object port(String s) {
    int port = integer(s);
    check(s, port >= 1 && port <= 65535);
    return port;
  }

  public static Object listenPort(String s) {
    int port = integer(s);
    check(s, port >= 0 && port <= 65535);
    return port;
  }

  public static Object optionalListenPort(String s) {
    return s.isEmpty() ? null : listenPort(s);
  }

  public static Object count(String s) {
    int n = integer(s);
    check(s, n >= 0);
    return n;
  }

  public static Object positive(String s) {
    int n = integer(s);
    check(s, n >= 1);
    return n;
  }

  public static Object leaseSeconds(String s) {
    int n = integer(s);
    check(s, n >= 3);
    return n;
  }

  public static Object bytes(String s) {
    Matcher m = BYTES.matcher(s.strip());
    check(s, m.matches());
    long unit = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "kib", "k" -> 1L << 10;
      case "mib", "m" -> 1L << 20;
      case "gib", "g" -> 1L << 30;
      default -> 1L;
    };
    try {
      long n = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      check(s, n >= 1);
      return n;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(s);
    }
  }

  public static Object bool(String s) {
    check(s, s.equals("true") || s.equals("false"));
    return Boolean.valueOf(s);
  }

  public static Object path(String s) {
    check(s, !s.isBlank() && s.indexOf('\0') < 0);
    String home = System.getProperty("user.home");
    String expanded = s.equals("~") ? home : s.startsWith("~/") ? home + s.substring(1) : s;
    return Path.of(expanded).toAbsolutePath().normalize();
  }

  public static Object optionalPath(String s) {
    return s.isEmpty() ? null : path(s);
  }

  public static Object optionalAbsolutePath(String s) {
    if (s.isEmpty()) {
      return null;
    }
    check(s, s.startsWith("/") && s.indexOf('\0') < 0);
    return Path.of(s).normalize();
  }

  public static Object host(String s) {
    return check(s, IPV4.matcher(s).matches() || (HOSTNAME.matcher(s).matches() && s.length() <= 253));
  }

  public static Object ipv4(String s) {
    return check(s, IPV4.matcher(s).matches());
  }

  public static Object hostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return host(s);
    }
    host(s.substring(0, colon));
    port(s.substring(colon + 1));
    return s;
  }

  public static Object members(String s) {
    List<String> members = new ArrayList<>();
    for (String part : split(s)) {
      check(s, part.lastIndexOf(':') > 0);
      hostPort(part);
      members.add(part);
    }
    return List.copyOf(members);
  }

  public static Object dnsLabel(String s) {
    return check(s, LABEL.matcher(s).matches());
  }

  public static Object dnsName(String s) {
    check(s, s.length() <= 253);
    for (String label : s.split("\\.", -1)) {
      dnsLabel(label);
    }
    return s;
  }

  public static Object name(String s) {
    return check(s, NAME.matcher(s).matches());
  }

  public static Object names(String s) {
    List<String> names = new ArrayList<>();
    for (String part : split(s)) {
      name(part);
      names.add(part);
    }
    return List.copyOf(names);
  }

  public static Object hosts(String s) {
    List<String> hosts = new ArrayList<>();
    for (String part : split(s)) {
      String host = part.toLowerCase(java.util.Locale.ROOT);
      if (host.indexOf(':') >= 0) {
        check(s, IPV6.matcher(host).matches());
      } else {
        host(host);
      }
      hosts.add(host);
    }
    return List.copyOf(hosts);
  }

  public static Object callbackTargets(String s) {
    List<String> entries = new ArrayList<>();
    for (String part : split(s)) {
      entries.add(part.toLowerCase(java.util.Locale.ROOT));
    }
    try {
      new dev.plat.cluster.CallbackTargets(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(s);
    }
    return List.copyOf(entries);
  }

  public static Object dockerHost(String s) {
    if (s.startsWith("unix://")) {
      return check(s, s.length() > "unix://".length() + 1 && s.charAt("unix://".length()) == '/');
    }
    check(s, s.startsWith("tcp://"));
    hostPort(s.substring("tcp://".length()));
    return s;
  }

  public static Object pauseMode(String s) {
    String mode = s.strip().toLowerCase(java.util.Locale.ROOT);
    check(s, mode.equals("auto") || mode.equals("docker") || mode.equals("freezer"));
    return mode;
  }

  public static Object roles(String s) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : split(s)) {
      Role role = Role.of(part);
      check(s, role != null);
      roles.add(role);
    }
    check(s, !roles.isEmpty());
    return Collections.unmodifiableSet(roles);
  }

  public static Object tokenRoles(String s) {
    List<String> entries = new ArrayList<>();
    Set<String> tokens = new java.util.HashSet<>();
    for (String part : split(s)) {
      int colon = part.lastIndexOf(':');
      check(s, colon > 0 && TOKEN_ROLE.matcher(part.substring(colon + 1)).matches());
      String token = part.substring(0, colon);
      check(s, token.chars().noneMatch(Character::isWhitespace) && tokens.add(token));
      entries.add(part);
    }
    return List.copyOf(entries);
  }

  public static Object origins(String s) {
    List<String> origins = new ArrayList<>();
    for (String part : split(s)) {
      check(s, part.equals("*") || ORIGIN.matcher(part).matches());
      origins.add(part);
    }
    return List.copyOf(origins);
  }

  /** Splits a comma-separated list, trimming each part and dropping empty parts. */
  public static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }

  private static int integer(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s);
    }
  }

  private static String check(String s, boolean ok) {
    if (!ok) {
      throw new IllegalArgumentException(s);
    }
    return s;
  }
}
