package dev.plat.proxy.http1;

import dev.plat.cluster.Names;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

/**
 * The {@code X-Forwarded-*} rule, in one place for both writers of a request to an instance: the
 * fast path's {@link RequestEncoder} (bytes, in its one pass over the headers) and the WebSocket
 * tunnel ({@link #set}, on a header map). A request a caller sent gets
 * <ul>
 * <li>{@code X-Forwarded-For}: the caller's chain (all its {@code X-Forwarded-For} values in order,
 * joined by ", ") followed by the client's address ({@link #client}); none at all, the chain
 * dropped too, when that address is unknown;
 * <li>{@code X-Forwarded-Host}: the request's host (its Host, or HTTP/2's :authority) unless the
 * caller sent one;
 * <li>{@code X-Forwarded-Proto}: the scheme the caller used unless the caller sent one.
 * </ul>
 * A request another node forwarded keeps the headers the first node wrote: the rule is not applied.
 * The rule's parts are static methods small enough for the JIT to inline into the encoder.
 */
public final class ForwardedHeaders {
  /** The client's address for a caller on a unix socket. */
  public static final String UNIX_CLIENT = "unix";

  private ForwardedHeaders() {
  }

  /** The client's address for {@code X-Forwarded-For}: its IP, {@link #UNIX_CLIENT}, or null when unknown. */
  public static String client(SocketAddress remote) {
    if (remote == null) {
      return null;
    }
    return remote.isDomainSocket() ? UNIX_CLIENT : remote.hostAddress();
  }

  /** Applies the rule to {@code headers}, the caller's as they will go to the instance. */
  public static void set(MultiMap headers, String client, String host, String scheme) {
    String chain = null;
    for (String value : headers.getAll(Names.Header.FORWARDED_FOR)) {
      chain = chain(chain, value);
    }
    String forwardedFor = forwardedFor(chain, client);
    if (forwardedFor == null) {
      headers.remove(Names.Header.FORWARDED_FOR);
    } else {
      headers.set(Names.Header.FORWARDED_FOR, forwardedFor);
    }
    String forwardedHost = forwardedHost(headers.contains(Names.Header.FORWARDED_HOST), host);
    if (forwardedHost != null) {
      headers.set(Names.Header.FORWARDED_HOST, forwardedHost);
    }
    String forwardedProto = forwardedProto(headers.contains(Names.Header.FORWARDED_PROTO), scheme);
    if (forwardedProto != null) {
      headers.set(Names.Header.FORWARDED_PROTO, forwardedProto);
    }
  }

  /** The caller's chain so far ({@code chain}, null when none) with one more of its values. */
  static String chain(String chain, CharSequence value) {
    return chain == null ? value.toString() : chain + ", " + value;
  }

  /** The {@code X-Forwarded-For} to send: the caller's chain (or null) then {@code client}; null when the client is unknown. */
  static String forwardedFor(String chain, String client) {
    if (client == null) {
      return null;
    }
    return chain == null ? client : chain + ", " + client;
  }

  /** The {@code X-Forwarded-Host} to add: the request's host unless the caller sent one ({@code sent}); null for none. */
  static <T extends CharSequence> T forwardedHost(boolean sent, T host) {
    return sent ? null : host;
  }

  /** The {@code X-Forwarded-Proto} to add: the request's scheme unless the caller sent one ({@code sent}); null for none. */
  static String forwardedProto(boolean sent, String scheme) {
    return sent ? null : scheme;
  }
}
