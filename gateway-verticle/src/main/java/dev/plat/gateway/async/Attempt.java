package dev.plat.gateway.async;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * How one attempt ended: the function's answer (status, headers, the kept part of the body) or no
 * answer ({@link RetryPolicy#NO_ANSWER} with the error).
 *
 * @param status     the HTTP status, or {@link RetryPolicy#NO_ANSWER}
 * @param headers    the answer's headers as {@code [[name, value], ...]}
 * @param body       the kept part of the body (at most the configured size)
 * @param truncated  whether the body was longer than what was kept
 * @param durationMs from the request's start to the answer's end
 * @param error      why there was no answer, else {@code null}
 */
public record Attempt(int status, JsonArray headers, Buffer body, boolean truncated, long durationMs, String error) {

  /** An attempt that got no answer. */
  public static Attempt noAnswer(String error, long durationMs) {
    return new Attempt(RetryPolicy.NO_ANSWER, new JsonArray(), Buffer.buffer(), false, durationMs, error);
  }

  /**
   * The result as stored and shown: the body as text when the Content-Type says text (or JSON,
   * XML, form data) and it is valid UTF-8, else base64 ({@code bodyEncoding} says which).
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status).put("headers", headers).put("durationMs", durationMs);
    if (error != null) {
      json.put("error", error);
    }
    String text = isText() ? utf8(body.getBytes()) : null;
    if (text != null) {
      json.put("body", text).put("bodyEncoding", "text");
    } else {
      json.put("body", Base64.getEncoder().encodeToString(body.getBytes())).put("bodyEncoding", "base64");
    }
    return json.put("truncated", truncated);
  }

  private boolean isText() {
    for (int i = 0; i < headers.size(); i++) {
      JsonArray pair = headers.getJsonArray(i);
      if ("content-type".equalsIgnoreCase(pair.getString(0))) {
        String type = pair.getString(1).toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
          || type.contains("x-www-form-urlencoded") || type.contains("javascript");
      }
    }
    return body.length() == 0;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
