package dev.plat.node;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The gateway's {@code openapi.yaml} as a checker of real answers: which operation a request is,
 * whether its status and content type are described, and whether a JSON body matches the described
 * schema, validated by an independent JSON-schema validator (networknt, OpenAPI 3.0 dialect:
 * {@code nullable}, {@code allOf}, {@code $ref} into the document).
 */
final class ApiContract {
  private static final String BASE = "https://plat.test/openapi.yaml";
  private static final String JSON = "application/json";

  private final Map<String, Object> doc;
  private final Map<String, Pattern> paths = new java.util.LinkedHashMap<>();
  private final SchemaRegistry registry;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /** An operation of the document. */
  record Operation(String method, String path, String id, Map<String, Object> responses) {
  }

  @SuppressWarnings("unchecked")
  private ApiContract(String text) {
    doc = new Yaml().load(text);
    for (String path : ((Map<String, Object>) doc.get("paths")).keySet()) {
      paths.put(path, Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")));
    }
    registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), builder -> builder.schemas(Map.of(BASE, text)));
  }

  /** The document the gateway serves, from its jar. */
  static ApiContract load() {
    try (InputStream in = ApiContract.class.getResourceAsStream("/dev/plat/gateway/openapi.yaml")) {
      return new ApiContract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operation {@code method path} is (the path without its query), or null. */
  @SuppressWarnings("unchecked")
  Operation operation(String method, String path) {
    String m = method.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Pattern> p : paths.entrySet()) {
      if (p.getValue().matcher(path).matches()) {
        Map<String, Object> item = (Map<String, Object>) ((Map<String, Object>) doc.get("paths")).get(p.getKey());
        Map<String, Object> op = (Map<String, Object>) item.get(m);
        if (op != null) {
          return new Operation(m, p.getKey(), (String) op.get("operationId"), (Map<String, Object>) op.get("responses"));
        }
      }
    }
    return null;
  }

  /**
   * What is wrong with an answer of {@code op}: a status it does not describe, a content type it
   * does not describe, a JSON body that does not match the schema. Empty when it matches.
   */
  @SuppressWarnings("unchecked")
  List<String> check(Operation op, int status, String contentType, String body) {
    List<String> problems = new ArrayList<>();
    String where = op.method().toUpperCase(Locale.ROOT) + " " + op.path() + " " + status;
    Map<String, Object> response = (Map<String, Object>) op.responses().get(Integer.toString(status));
    if (response == null) {
      response = (Map<String, Object>) op.responses().get("default");
    }
    if (response == null) {
      problems.add(where + ": the status is not described");
      return problems;
    }
    if (response.containsKey("$ref")) {
      String ref = (String) response.get("$ref");
      response = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("components"))
        .get("responses")).get(ref.substring(ref.lastIndexOf('/') + 1));
    }
    Map<String, Object> content = (Map<String, Object>) response.get("content");
    if (content == null) {
      if (body != null && !body.isEmpty()) {
        problems.add(where + ": a body where none is described");
      }
      return problems;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!content.containsKey(type)) {
      problems.add(where + ": content type '" + type + "' is not described (" + content.keySet() + ")");
      return problems;
    }
    if (!type.equals(JSON)) {
      return problems;
    }
    Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content.get(type)).get("schema");
    Schema compiledSchema = compiled.computeIfAbsent(where, k -> registry.getSchema(
      new JsonObject(schema).encode().replace("\"#/components/", "\"" + BASE + "#/components/")));
    compiledSchema.validate(body, InputFormat.JSON).forEach(error -> problems.add(where + ": " + error));
    return problems;
  }
}
