package dev.plat.cluster;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a host name is, as the gateway and the controller judge custom domains and Host headers.
 * An IP literal is recognised in every spelling a resolver or browser accepts: dotted, shortened
 * ({@code 127.1}), octal or hex parts ({@code 0x7f.1}), one number ({@code 2130706433}), and any
 * IPv6 form, bracketed or not ({@code [::1]}, {@code ::ffff:127.0.0.1}). The rule is the URL
 * standard's: a name whose last label starts with a digit is an IPv4 address (no top-level domain
 * starts with one), a name with a colon is IPv6.
 */
public final class HostNames {
  private static final Pattern DNS_NAME = Pattern.compile(
    "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private HostNames() {
  }

  /**
   * {@code host} as the gateway compares it: lower case, without the brackets of an IPv6 literal
   * and without a final dot ({@code localhost.} is {@code localhost}); {@code null} for null or empty.
   */
  public static String normalize(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.length() > 1 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.isEmpty() ? null : h;
  }

  /** Whether {@code host} (any case, brackets or final dot allowed) is an IP address in any spelling. */
  public static boolean isIpLiteral(String host) {
    String h = normalize(host);
    if (h == null) {
      return false;
    }
    if (h.indexOf(':') >= 0) {
      return true;
    }
    int last = h.lastIndexOf('.') + 1;  // the last label's first character
    return last < h.length() && Character.isDigit(h.charAt(last));
  }

  /** {@code localhost} or a name under it: loopback by definition (RFC 6761), whatever DNS says. */
  public static boolean isLocalhost(String host) {
    String h = normalize(host);
    return h != null && (h.equals("localhost") || h.endsWith(".localhost"));
  }

  /**
   * A name a function may claim as a custom domain: a lower-case DNS name of at least two labels,
   * not an IP literal and not {@code localhost} or under it. The operator's reserved names are
   * checked apart.
   */
  public static boolean isCustomDomain(String domain) {
    return domain != null && DNS_NAME.matcher(domain).matches() && !isIpLiteral(domain) && !isLocalhost(domain);
  }
}
