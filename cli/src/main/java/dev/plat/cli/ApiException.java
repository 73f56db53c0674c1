package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * The API answered with an error status. The gateway's body is {@code {"error","code"}}; any other
 * body becomes the message as text, with the code {@code http_<status>}.
 */
public final class ApiException extends CliException {
  private static final int MAX_TEXT = 300;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(ExitCode.FAILED, message);
    this.status = status;
    this.code = code;
  }

  /** The error that an error response with this status and body stands for. */
  public static ApiException fromResponse(int status, byte[] body) {
    JsonNode json = JsonTrees.tryParse(body);
    if (json != null && json.hasNonNull("error")) {
      return new ApiException(status, json.path("code").asText("http_" + status), json.get("error").asText());
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty() && status == 401) {
      // the JDK drops the body of a 401 to a streamed upload: the gateway's 401 is always the token
      return new ApiException(status, "unauthorized", "the API refused the token (HTTP 401)");
    }
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT) + "...";
    }
    return new ApiException(status, "http_" + status, text.isEmpty() ? "HTTP " + status : text);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  @Override
  public String display() {
    return getMessage() + " (" + code + ")";
  }
}
