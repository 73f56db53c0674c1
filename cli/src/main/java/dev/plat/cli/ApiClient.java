package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The gateway's REST API, blocking (the CLI is a short-lived process), over {@link HttpWire}.
 * Adds the bearer token to every request and maps failures: an error status to
 * {@link ApiException}, a refused or timed-out connection to exit code 3.
 */
public final class ApiClient {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final String USER_AGENT = "plat-cli/" + PlatCommand.version();
  private final URI baseUrl;
  private final String token;

  ApiClient(CliConfig config) {
    this.baseUrl = config.apiUrl();
    this.token = config.token();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** A GET of {@code pathAndQuery} under the base URL, with the token. */
  public ApiRequest request(String pathAndQuery) {
    return new ApiRequest(pathAndQuery).header("Authorization", "Bearer " + token)
      .header("User-Agent", USER_AGENT);
  }

  public JsonNode get(String path) {
    return call(request(path).GET());
  }

  public JsonNode post(String path) {
    return call(request(path).POST(RequestBody.none()));
  }

  public JsonNode delete(String path) {
    return call(request(path).DELETE());
  }

  /** Sends the request; the 2xx body as JSON (an empty object when there is none). */
  public JsonNode call(ApiRequest request) {
    int status;
    byte[] body;
    try (ApiResponse response = send(request.header("Accept", "application/json"))) {
      status = response.status();
      body = response.body().readAllBytes();
    } catch (IOException e) {
      throw CliException.failed(request.method() + " " + baseUrl + request.pathAndQuery() + " failed: " + e);
    }
    if (status >= 400) {
      throw ApiException.fromResponse(status, body);
    }
    if (body.length == 0) {
      return Json.object();
    }
    JsonNode json = Json.tryParse(body);
    if (json == null) {
      throw CliException.failed("unexpected answer from " + baseUrl + request.pathAndQuery() + ": not JSON");
    }
    return json;
  }

  /** GETs a streamed body (build or function logs); the caller reads it as it arrives and closes it. */
  public InputStream stream(String path) {
    ApiResponse response = send(request(path).GET());
    if (response.status() >= 400) {
      try (InputStream body = response.body()) {
        throw ApiException.fromResponse(response.status(), body.readAllBytes());
      } catch (IOException e) {
        throw new ApiException(response.status(), "http_" + response.status(), "HTTP " + response.status());
      }
    }
    return response.body();
  }

  /** Sends any request, mapping only transport failures; the caller handles the status and closes the response. */
  public ApiResponse send(ApiRequest request) {
    try {
      return HttpWire.exchange(baseUrl, request, CONNECT_TIMEOUT_MS);
    } catch (ConnectException | NoRouteToHostException | UnknownHostException | SocketTimeoutException e) {
      throw CliException.unreachable(baseUrl.toString(), e);
    } catch (IOException e) {
      throw CliException.failed(request.method() + " " + baseUrl + request.pathAndQuery() + " failed: " + e);
    }
  }
}
