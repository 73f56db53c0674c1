package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {

  private static String encode(MultiMap in, boolean forward, Forwarding forwardedBy, int[] flags) {
    ByteBuf out = Unpooled.buffer();
    flags[0] = RequestEncoder.encode(out, "POST", "/a?b=1", in, forward, "10.0.0.9", "http", "rid-1", forwardedBy, false, null);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void writesTheHeadWithForwardingHeadersAndWithoutHopByHopOnes() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap().add("Host", "fn.example:8080").add("Connection", "X-Gone")
      .add("X-Gone", "1").add("Keep-Alive", "5").add("Content-Length", "12").add("X-Forwarded-For", "1.1.1.1")
      .add("X-Plat-Request-Id", "theirs").add("Accept", "a").add("Accept", "b").add("Expect", "100-continue");
    int[] flags = new int[1];
    String head = encode(in, true, null, flags);
    assertEquals("POST /a?b=1 HTTP/1.1\r\nHost: fn.example:8080\r\nAccept: a\r\nAccept: b\r\n"
      + "X-Forwarded-For: 1.1.1.1, 10.0.0.9\r\nX-Forwarded-Host: fn.example:8080\r\nX-Forwarded-Proto: http\r\n"
      + "X-Plat-Request-Id: rid-1\r\nContent-Length: 12\r\n\r\n", head);
    assertEquals(RequestEncoder.BODY | RequestEncoder.EXPECT_CONTINUE, flags[0]);
  }

  @Test
  void sendsAChunkedBodyChunkedEvenWithAContentLengthAndMarksForwardedRequests() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap().add("Transfer-Encoding", "gzip, chunked").add("Content-Length", "3")
      .add("X-Forwarded-For", "1.1.1.1");
    int[] flags = new int[1];
    String head = encode(in, false, new Forwarding("node-a", null), flags);
    assertEquals("POST /a?b=1 HTTP/1.1\r\nX-Forwarded-For: 1.1.1.1\r\nHost: localhost\r\nX-Plat-Request-Id: rid-1\r\n"
      + "X-Plat-Forwarded-By: node-a\r\nTransfer-Encoding: chunked\r\n\r\n", head);
    assertEquals(RequestEncoder.BODY | RequestEncoder.CHUNKED, flags[0]);
  }

  @Test
  void sendsTheClusterSecretToAnotherNodeAndDropsTheOneACallerSent() {
    ClusterSecret secret = ClusterSecret.of(PlatConfig.of(Map.of(ConfigKey.CLUSTER_SECRET, "test-cluster-secret-0123456789")));
    MultiMap in = MultiMap.caseInsensitiveMultiMap().add("X-Plat-Cluster-Auth", "guess").add("X-Plat-Forwarded-By", "x")
      .add("Host", "h");
    int[] flags = new int[1];
    assertEquals("POST /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Plat-Request-Id: rid-1\r\n"
      + "X-Plat-Forwarded-By: node-a\r\nX-Plat-Cluster-Auth: test-cluster-secret-0123456789\r\n\r\n",
      encode(in, false, new Forwarding("node-a", secret), flags));
    assertEquals("POST /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Plat-Request-Id: rid-1\r\n\r\n", encode(in, false, null, flags),
      "to a function: neither internal header");
  }

  @Test
  void aRequestWithoutLengthHasNoBody() {
    int[] flags = new int[1];
    encode(MultiMap.caseInsensitiveMultiMap().add("Content-Length", "0"), true, null, flags);
    assertEquals(0, flags[0]);
    encode(MultiMap.caseInsensitiveMultiMap(), true, null, flags);
    assertEquals(0, flags[0]);
  }

  @Test
  void anHttp2RequestGetsItsAuthorityAsHostAndForwardedHost() {
    ByteBuf out = Unpooled.buffer();
    RequestEncoder.encode(out, "GET", "/", MultiMap.caseInsensitiveMultiMap().add("Accept", "a"), true, "10.0.0.9",
      "http", "rid-1", null, false, "shop-cart.platform.test:8080");
    assertEquals("GET / HTTP/1.1\r\nAccept: a\r\nHost: shop-cart.platform.test:8080\r\n"
      + "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Host: shop-cart.platform.test:8080\r\nX-Forwarded-Proto: http\r\n"
      + "X-Plat-Request-Id: rid-1\r\n\r\n", out.toString(StandardCharsets.US_ASCII));
  }
}
