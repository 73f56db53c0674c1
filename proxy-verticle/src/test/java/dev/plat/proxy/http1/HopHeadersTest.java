package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopHeadersTest {

  @Test
  void knowsTheHopByHopHeadersWhateverTheirCase() {
    for (String name : List.of("Connection", "KEEP-ALIVE", "proxy-connection", "Proxy-Authenticate",
        "Proxy-Authorization", "te", "Trailer", "Transfer-Encoding", "Upgrade", "Expect", Names.Header.FORWARDED_BY)) {
      assertTrue(HopHeaders.isHopByHop(name), name);
    }
    for (String name : List.of("Host", "Content-Length", "Authorization", "X-Forwarded-For", "Tee", "Content-Type")) {
      assertFalse(HopHeaders.isHopByHop(name), name);
    }
  }

  @Test
  void copiesEndToEndResponseHeadersWithAllTheirValuesAndDropsTheNamesConnectionLists() {
    RawResponse upstream = RawResponse.parse(("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n"
      + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n"
      + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    HopHeaders.copy(upstream, copy, upstream.lengthKnown());
    assertEquals(List.of("a=1", "b=2"), copy.getAll("set-cookie"));
    assertEquals("text/plain", copy.get("content-type"));
    assertEquals(2, copy.names().size(), copy.toString());
  }
}
