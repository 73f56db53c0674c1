package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * The gateway's REST API over the JDK {@link HttpClient} (blocking: the CLI is a short-lived
 * process). Adds the bearer token to every request and maps failures: an error status to
 * {@link ApiException}, a refused or timed-out connection to exit code 3.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http;
  private final URI baseUrl;
  private final String token;

  ApiClient(CliConfig config) {
    this.baseUrl = config.apiUrl();
    this.token = config.token();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** A request to {@code pathAndQuery} under the base URL, with the token. */
  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
      .header("Authorization", "Bearer " + token)
      .header("User-Agent", "plat-cli/" + PlatCommand.version());
  }

  public JsonNode get(String path) {
    return call(request(path).GET());
  }

  public JsonNode post(String path) {
    return call(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public JsonNode delete(String path) {
    return call(request(path).DELETE());
  }

  /** Sends the request; the 2xx body as JSON (an empty object when there is none). */
  public JsonNode call(HttpRequest.Builder request) {
    HttpResponse<byte[]> response = send(request.header("Accept", "application/json"), BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw ApiException.fromResponse(response.statusCode(), response.body());
    }
    if (response.body().length == 0) {
      return Json.object();
    }
    JsonNode json = Json.tryParse(response.body());
    if (json == null) {
      throw CliException.failed("unexpected answer from " + response.uri() + ": not JSON");
    }
    return json;
  }

  /** GETs a streamed body (build or function logs); the caller reads it as it arrives and closes it. */
  public InputStream stream(String path) {
    HttpResponse<InputStream> response = send(request(path).GET(), BodyHandlers.ofInputStream());
    if (response.statusCode() >= 400) {
      try (InputStream body = response.body()) {
        throw ApiException.fromResponse(response.statusCode(), body.readAllBytes());
      } catch (IOException e) {
        throw new ApiException(response.statusCode(), "http_" + response.statusCode(), "HTTP " + response.statusCode());
      }
    }
    return response.body();
  }

  /** Sends any request, mapping only transport failures; the caller handles the status. */
  public <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> handler) {
    HttpRequest built = request.build();
    try {
      return http.send(built, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw CliException.unreachable(baseUrl.toString(), e);
    } catch (IOException e) {
      throw CliException.failed(built.method() + " " + built.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }
}
