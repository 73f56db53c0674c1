/**
 * HTTP/1.x reading and writing for the data plane, without a Vert.x or Netty codec in between:
 * request and response heads read straight off the received bytes ({@link
 * dev.plat.proxy.http1.RawHead} and its two kinds), bodies cut out of them by their framing
 * ({@link dev.plat.proxy.http1.BodyReader}: lengths, chunks, until close), heads written in one
 * pass ({@link dev.plat.proxy.http1.RequestEncoder}, {@link dev.plat.proxy.http1.ResponseHead})
 * under the hop-by-hop rules ({@link dev.plat.proxy.http1.HopHeaders}). A parsed head's fields are
 * what the parser read: the rest of the proxy reads them and sets none but the request's
 * {@code stripAuthorization}. Nothing here knows about invocations, instances or connections.
 */
package dev.plat.proxy.http1;
