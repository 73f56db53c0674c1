package dev.plat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the CLI, with the few shapes it reads and writes. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
  private static final ObjectWriter ASCII = MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private Json() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses JSON or returns null when the bytes are not JSON. */
  static JsonNode tryParse(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : MAPPER.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses a JSON object; {@code what} names the source in the error. */
  static ObjectNode parseObject(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw CliException.failed(what + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw CliException.failed(what + " is not a JSON object");
    }
    return object;
  }

  static String pretty(JsonNode node) {
    return write(PRETTY, node);
  }

  /** One line, ASCII only (non-ASCII escaped): safe as an HTTP header value. */
  static String compactAscii(JsonNode node) {
    return write(ASCII, node);
  }

  private static String write(ObjectWriter writer, JsonNode node) {
    try {
      return writer.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
