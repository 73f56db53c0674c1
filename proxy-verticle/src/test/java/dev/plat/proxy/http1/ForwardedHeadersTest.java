package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plat.cluster.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  private static MultiMap caller() {
    return MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_FOR, "1.1.1.1")
      .add(Names.Header.FORWARDED_FOR, "2.2.2.2").add(Names.Header.FORWARDED_PROTO, "https");
  }

  @Test
  void onAHeaderMapTheRuleGivesWhatTheEncoderWrites() {
    MultiMap headers = caller();
    ForwardedHeaders.set(headers, "10.0.0.9", "fn.example:8080", "http");
    assertEquals(List.of("1.1.1.1, 2.2.2.2, 10.0.0.9"), headers.getAll(Names.Header.FORWARDED_FOR));
    assertEquals(List.of("fn.example:8080"), headers.getAll(Names.Header.FORWARDED_HOST));
    assertEquals(List.of("https"), headers.getAll(Names.Header.FORWARDED_PROTO), "the caller's own is kept");

    ByteBuf out = Unpooled.buffer();
    RequestEncoder.encode(out, "GET", "/", caller().add("Host", "fn.example:8080"), true, "10.0.0.9", "http", "rid",
      null, false, null);
    String head = out.toString(StandardCharsets.US_ASCII);
    for (String line : List.of("X-Forwarded-For: 1.1.1.1, 2.2.2.2, 10.0.0.9\r\n", "X-Forwarded-Host: fn.example:8080\r\n",
        "X-Forwarded-Proto: https\r\n")) {
      assertEquals(1, head.split(line, -1).length - 1, line + " once in " + head);
    }
  }

  @Test
  void anUnknownClientDropsTheChainAndAKnownHostIsNotReplaced() {
    MultiMap headers = caller().add(Names.Header.FORWARDED_HOST, "theirs");
    ForwardedHeaders.set(headers, null, "fn.example", "http");
    assertFalse(headers.contains(Names.Header.FORWARDED_FOR));
    assertEquals(List.of("theirs"), headers.getAll(Names.Header.FORWARDED_HOST));

    ByteBuf out = Unpooled.buffer();
    RequestEncoder.encode(out, "GET", "/", caller(), true, null, "http", "rid", null, false, null);
    assertFalse(out.toString(StandardCharsets.US_ASCII).contains(Names.Header.FORWARDED_FOR), "the encoder too");
  }

  @Test
  void aUnixSocketCallerIsNamedUnix() {
    assertEquals(ForwardedHeaders.UNIX_CLIENT,
      ForwardedHeaders.client(io.vertx.core.net.SocketAddress.domainSocketAddress("/tmp/x.sock")));
    assertEquals("10.0.0.9", ForwardedHeaders.client(io.vertx.core.net.SocketAddress.inetSocketAddress(1, "10.0.0.9")));
    assertEquals(null, ForwardedHeaders.client(null));
  }
}
