package dev.plat.cluster;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the platform may send an asynchronous invocation's callback (setting
 * {@code callbackAllowedHosts}): a list of entries, each one of
 * <ul>
 *   <li>{@code public}: any host all of whose addresses are public (global unicast; not loopback,
 *       private, link-local such as the cloud metadata address 169.254.169.254, carrier-grade NAT,
 *       unique-local, multicast, reserved or documentation ranges);</li>
 *   <li>a host name, {@code hooks.example.com}: that name, whatever it resolves to;</li>
 *   <li>{@code *.example.com}: any name below {@code example.com};</li>
 *   <li>an address or a range, {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code fd00::/8}.</li>
 * </ul>
 * A callback is allowed when every address its host resolves to is allowed (by its name, its
 * address or {@code public}). The default, {@code public}, keeps the platform's own ports, the
 * host's and the cluster's networks and cloud metadata services out of reach.
 */
public final class CallbackTargets {
  /** The default: public hosts only. */
  public static final String PUBLIC = "public";
  private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private final boolean anyPublic;
  private final List<String> names = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<Range> ranges = new ArrayList<>();

  private record Range(byte[] base, int bits) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != base.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (base[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** @throws IllegalArgumentException naming the first entry that is none of the forms above */
  public CallbackTargets(List<String> entries) {
    boolean pub = false;
    for (String raw : entries) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.equals(PUBLIC)) {
        pub = true;
      } else if (entry.contains("/") || literal(entry)) {
        ranges.add(range(entry));
      } else if (NAME.matcher(entry).matches() && !entry.matches("(.*\\.)?[0-9]+")) {
        if (entry.startsWith("*.")) {
          suffixes.add(entry.substring(1));
        } else {
          names.add(entry);
        }
      } else {
        throw new IllegalArgumentException(raw);
      }
    }
    this.anyPublic = pub;
  }

  /** Parses a comma-separated list. */
  public static CallbackTargets parse(String commaSeparated) {
    List<String> entries = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        entries.add(part.strip());
      }
    }
    return new CallbackTargets(entries);
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (!literal(address)) {
      throw new IllegalArgumentException(entry);
    }
    byte[] base;
    try {
      // a literal (the pattern above): no name lookup happens
      base = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(entry);
    }
    int bits = base.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(entry);
      }
      if (bits < 0 || bits > base.length * 8) {
        throw new IllegalArgumentException(entry);
      }
    }
    return new Range(base, bits);
  }

  /** Whether {@code text} is an IP address literal (parsing it then looks nothing up). */
  public static boolean literal(String text) {
    return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
  }

  /** Whether {@code host} (lower case, no brackets) is allowed by name, whatever it resolves to. */
  public boolean allowsName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return names.contains(h) || suffixes.stream().anyMatch(h::endsWith);
  }

  /** Whether an address the host resolved to is allowed: in a listed range, or public when {@code public} is listed. */
  public boolean allowsAddress(InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address)) || anyPublic && isPublic(address);
  }

  /** Why {@code address} is refused, for the error message: its kind of address. */
  public static String kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (cloud metadata services live there)";
    }
    if (address.isSiteLocalAddress() || isUniqueLocal(address) || inV4(address, 100, 64, 10)) {
      return "a private address";
    }
    if (address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    return isPublic(address) ? "a public address" : "a reserved address";
  }

  /** Global unicast: none of the special-purpose ranges (RFC 6890 and friends). */
  public static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
      || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] a = address.getAddress();
    if (address instanceof Inet4Address) {
      int b0 = a[0] & 0xff;
      int b1 = a[1] & 0xff;
      int b2 = a[2] & 0xff;
      return b0 != 0                                   // 0.0.0.0/8 "this network"
        && !(b0 == 100 && (b1 & 0xc0) == 64)            // 100.64.0.0/10 carrier-grade NAT
        && !(b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // 192.0.0.0/24 protocol, 192.0.2.0/24 documentation
        && !(b0 == 198 && (b1 & 0xfe) == 18)           // 198.18.0.0/15 benchmarking
        && !(b0 == 198 && b1 == 51 && b2 == 100)        // documentation
        && !(b0 == 203 && b1 == 0 && b2 == 113)         // documentation
        && b0 < 240;                                    // 240.0.0.0/4 reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      if (isUniqueLocal(address) || (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) { // fc00::/7, fec0::/10
        return false;
      }
      boolean firstTwelveZero = true;
      for (int i = 0; i < 12; i++) {
        firstTwelveZero &= a[i] == 0;
      }
      if (firstTwelveZero) {
        return false;                                   // ::/96 IPv4-compatible (and ::, ::1)
      }
      boolean nat64 = a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b;
      boolean documentation = a[0] == 0x20 && a[1] == 0x01 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8;
      boolean sixToFour = a[0] == 0x20 && a[1] == 0x02;  // 2002::/16 embeds an IPv4 address
      boolean teredo = a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0;
      return !nat64 && !documentation && !sixToFour && !teredo;
    }
    return false;
  }

  private static boolean isUniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  private static boolean inV4(InetAddress address, int b0, int b1, int bits) {
    if (!(address instanceof Inet4Address)) {
      return false;
    }
    byte[] a = address.getAddress();
    int prefix = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
    int want = (b0 << 8) | b1;
    int mask = 0xffff << (16 - bits) & 0xffff;
    return (prefix & mask) == (want & mask);
  }
}
