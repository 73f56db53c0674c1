package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTreesTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsEveryKindOfValueAndWritesItBackTheSame() {
    String text = "{\"s\":\"h\\u00e9\",\"i\":7,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.5,"
      + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"x\",{}],\"o\":{\"k\":[]}}";
    JsonNode node = JsonTrees.tryParse(utf8(text));
    assertEquals(7, node.get("i").intValue());
    assertEquals(12345678901L, node.get("l").longValue());
    assertEquals("123456789012345678901234567890", node.get("b").bigIntegerValue().toString());
    assertEquals(1.5, node.get("d").doubleValue());
    assertTrue(node.get("n").isNull());
    assertEquals(text.replace("\\u00e9", "\\u00E9"), JsonTrees.compactAscii(node), "ASCII only, non-ASCII escaped");
    assertEquals(node, JsonTrees.tryParse(utf8(JsonTrees.pretty(node))));
    assertTrue(JsonTrees.pretty(node).contains("\"i\" : 7,\n"), JsonTrees.pretty(node));
  }

  @Test
  void notJsonIsNullOrAClearError() {
    assertNull(JsonTrees.tryParse(utf8("")));
    assertNull(JsonTrees.tryParse(utf8("{\"a\":")));
    assertNull(JsonTrees.tryParse(utf8("{} trailing")));
    assertNull(JsonTrees.tryParse(utf8("Bad Gateway")));
    CliException e = assertThrows(CliException.class, () -> JsonTrees.parseObject(utf8("[1]"), "plat.json"));
    assertEquals("plat.json is not a JSON object", e.getMessage());
    e = assertThrows(CliException.class, () -> JsonTrees.parseObject(utf8("{\"a\" 1}"), "plat.json"));
    assertTrue(e.getMessage().startsWith("plat.json is not valid JSON: "), e.getMessage());
  }
}
