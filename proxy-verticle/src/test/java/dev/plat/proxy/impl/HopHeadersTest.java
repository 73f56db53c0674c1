package dev.plat.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
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
    HttpHeaders upstream = DefaultHttpHeadersFactory.headersFactory().newHeaders()
      .add("Connection", "keep-alive, X-Secret").add("X-Secret", "s").add("Set-Cookie", "a=1").add("Set-Cookie", "b=2")
      .add("Keep-Alive", "timeout=5").add("Transfer-Encoding", "chunked").add("Content-Type", "text/plain");
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    HopHeaders.copy(upstream, copy);
    assertEquals(List.of("a=1", "b=2"), copy.getAll("set-cookie"));
    assertEquals("text/plain", copy.get("content-type"));
    assertEquals(2, copy.names().size(), copy.toString());
  }
}
