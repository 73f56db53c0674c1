package dev.plat.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The CLI's JSON: Jackson's tree nodes, read and written with jackson-core's streaming parser and
 * generator. No {@code ObjectMapper}: its set-up (hundreds of classes, annotation introspection)
 * cost a short run ~0.1 s, and the CLI only ever needs trees.
 */
final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonFactory ASCII = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Parses JSON or returns null when the bytes are not JSON. */
  static JsonNode tryParse(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : read(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses a JSON object; {@code what} names the source in the error. */
  static ObjectNode parseObject(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = read(bytes);
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
    return write(FACTORY, node, true);
  }

  /** One line, ASCII only (non-ASCII escaped): safe as an HTTP header value. */
  static String compactAscii(JsonNode node) {
    return write(ASCII, node, false);
  }

  /** One JSON value, and nothing after it. */
  private static JsonNode read(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "no content");
      }
      JsonNode value = value(parser);
      if (parser.nextToken() != null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected content after the JSON value");
      }
      return value;
    }
  }

  /** The value starting at the parser's current token. */
  private static JsonNode value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, value(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + token);
    }
  }

  private static String write(JsonFactory factory, JsonNode node, boolean pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = factory.createGenerator(out)) {
      if (pretty) {
        gen.useDefaultPrettyPrinter();
      }
      write(gen, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator gen, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        gen.writeStartObject();
        for (var fields = node.fields(); fields.hasNext(); ) {
          var field = fields.next();
          gen.writeFieldName(field.getKey());
          write(gen, field.getValue());
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (JsonNode item : node) {
          write(gen, item);
        }
        gen.writeEndArray();
      }
      case STRING -> gen.writeString(node.textValue());
      case NUMBER -> {
        Number n = node.numberValue();
        if (n instanceof java.math.BigInteger big) {
          gen.writeNumber(big);
        } else if (n instanceof java.math.BigDecimal dec) {
          gen.writeNumber(dec);
        } else if (n instanceof Double || n instanceof Float) {
          gen.writeNumber(n.doubleValue());
        } else {
          gen.writeNumber(n.longValue());
        }
      }
      case BOOLEAN -> gen.writeBoolean(node.booleanValue());
      case BINARY -> gen.writeBinary(node.binaryValue());
      default -> gen.writeNull();
    }
  }
}
