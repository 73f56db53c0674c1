package dev.plat.cluster;

import dev.plat.cluster.impl.Values;
import java.util.function.Function;

/**
 * The type of a {@link ConfigKey}: how its text is checked and what Java value it becomes.
 * A value that does not fit yields the message
 * {@code "<key> must be <requirement>, got '<text>' (from <source>)"}.
 */
public enum ValueType {
  /** Any non-empty text without whitespace. {@link String}. */
  TOKEN("a non-empty string without spaces", Values::token),
  /** Like {@link #TOKEN} but a secret: masked in {@link PlatConfig#toJson()}. {@link String}. */
  SECRET("a non-empty string without spaces", Values::token),
  /**
   * A secret of 16 to 256 visible ASCII characters (no spaces), or empty (then {@code null});
   * masked in {@link PlatConfig#toJson()}. {@link String}.
   */
  OPTIONAL_SECRET("16 to 256 visible ASCII characters without spaces, or empty", Values::optionalSecret),
  /** A TCP port. {@link Integer}. */
  PORT("1-65535", Values::port),
  /** A port to listen on: 1-65535, or 0 for a free one picked at start (see {@code ports.json}). {@link Integer}. */
  LISTEN_PORT("0-65535 (0: a free port)", Values::listenPort),
  /** Like {@link #LISTEN_PORT}, or empty for none (then {@code null}). {@link Integer}. */
  OPTIONAL_LISTEN_PORT("0-65535 (0: a free port), or empty for none", Values::optionalListenPort),
  /** A whole number, zero or more. {@link Integer}. */
  COUNT("a whole number >= 0", Values::count),
  /** A whole number, one or more. {@link Integer}. */
  POSITIVE("a whole number >= 1", Values::positive),
  /** A whole number of seconds, three or more (a route lease is renewed every second). {@link Integer}. */
  LEASE_SECONDS("a whole number of seconds >= 3", Values::leaseSeconds),
  /** A size in bytes, optionally with a unit: {@code 1048576}, {@code 512KiB}, {@code 100MiB}, {@code 1GiB}. {@link Long}. */
  BYTES("a size in bytes, optionally with a unit (KiB, MiB, GiB), e.g. 100MiB", Values::bytes),
  /**
   * A comma-separated list of {@code token:role}, role {@code admin}, {@code deployer} or
   * {@code invoker}, possibly empty; a secret. {@link java.util.List} of the {@code token:role} strings.
   */
  TOKEN_ROLES("a comma-separated list of token:role, role admin, deployer or invoker (empty for none)", Values::tokenRoles),
  /** A comma-separated list of web origins ({@code http(s)://host[:port]}) or {@code *}, possibly empty. {@link java.util.List} of String. */
  ORIGINS("a comma-separated list of origins such as http://localhost:3000, or * (empty for none)", Values::origins),
  /** {@code true} or {@code false}. {@link Boolean}. */
  BOOLEAN("true or false", Values::bool),
  /** A file-system path; a leading {@code ~} is the user's home. Absolute {@link java.nio.file.Path}. */
  PATH("a path", Values::path),
  /** Like {@link #PATH} but may be empty (then {@code null}). */
  OPTIONAL_PATH("a path or empty", Values::optionalPath),
  /** An absolute path (from {@code /}), or empty (then {@code null}). Normalized {@link java.nio.file.Path}. */
  OPTIONAL_ABSOLUTE_PATH("an absolute path or empty", Values::optionalAbsolutePath),
  /** An IPv4 address or a host name. {@link String}. */
  HOST("an IPv4 address or a host name", Values::host),
  /** An IPv4 address. {@link String}. */
  IPV4("an IPv4 address such as 127.0.0.1", Values::ipv4),
  /** {@code host} or {@code host:port}. {@link String}. */
  HOST_PORT("host or host:port, e.g. 127.0.0.1:5000", Values::hostPort),
  /** A comma-separated list of {@code host:port}, possibly empty. {@link java.util.List} of String. */
  MEMBERS("a comma-separated list of host:port (empty for a single member)", Values::members),
  /** A DNS label: lower-case letters, digits and '-', 1-63 long, no '-' at either end. {@link String}. */
  DNS_LABEL("a DNS label (a-z, 0-9 and '-', at most 63, no '-' at either end)", Values::dnsLabel),
  /** A DNS name made of DNS labels separated by dots. {@link String}. */
  DNS_NAME("a lower-case DNS name such as platform.test", Values::dnsName),
  /** A simple name: letters, digits, '.', '_' and '-', starting with a letter or digit. {@link String}. */
  NAME("a name of letters, digits, '.', '_' or '-'", Values::name),
  /** A comma-separated list of {@link #NAME}s; empty for none. */
  NAMES("a comma-separated list of names of letters, digits, '.', '_' or '-' (empty for none)", Values::names),
  /**
   * A comma-separated list of host names or IP addresses (IPv6 without brackets), possibly empty.
   * {@link java.util.List} of lower-case String.
   */
  HOSTS("a comma-separated list of host names or IP addresses (empty for none)", Values::hosts),
  /**
   * A comma-separated list of callback destinations ({@link CallbackTargets}): {@code public}, host
   * names, {@code *.domain}, addresses and ranges; possibly empty. {@link java.util.List} of lower-case String.
   */
  CALLBACK_TARGETS("a comma-separated list of: public, host names, *.domain, IP addresses or ranges such as 10.0.0.0/8 (empty for none)",
    Values::callbackTargets),
  /** A Docker daemon address. {@link String}. */
  DOCKER_HOST("unix:///path/to/docker.sock or tcp://host:port", Values::dockerHost),
  /** A comma-separated, non-empty subset of the {@link Role}s. Unmodifiable {@link java.util.Set} of Role. */
  ROLES("a comma-separated subset of gateway,controller,proxy,builder", Values::roles),
  /** How idle instances are paused: {@code auto}, {@code docker} or {@code freezer}. {@link String}, lower case. */
  PAUSE_MODE("auto, docker or freezer", Values::pauseMode);

  private final String requirement;
  private final Function<String, Object> parser;

  ValueType(String requirement, Function<String, Object> parser) {
    this.requirement = requirement;
    this.parser = parser;
  }

  /** What a valid value looks like, as used in error messages and in the documentation. */
  public String requirement() {
    return requirement;
  }

  /** Whether values of this type are hidden when the configuration is shown. */
  public boolean isSecret() {
    return this == SECRET || this == OPTIONAL_SECRET || this == TOKEN_ROLES;
  }

  /**
   * Parses and checks {@code text}.
   *
   * @return the typed value (see each constant)
   * @throws IllegalArgumentException when {@code text} does not fit
   */
  public Object parse(String text) {
    return parser.apply(text);
  }
}
