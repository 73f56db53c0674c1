package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's REST API, blocking (the CLI is a short-lived process), over the JDK's
 * {@link HttpURLConnection}: synchronous in the calling thread, no selector thread, few classes (the
 * JDK's {@code HttpClient} loads hundreds and its selector thread delays the JVM's exit by 0.3 s; it
 * is used only for the methods {@code HttpURLConnection} refuses, such as {@code plat invoke -X PATCH}).
 * One connection per request, closed with the response. Adds the bearer token to every request and
 * maps failures: an error status to {@link ApiException}, a refused or timed-out connection to exit
 * code 3.
 */
public final class ApiClient {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int BUFFER = 64 * 1024;
  /**
   * Bodies up to this size are handed to the connection whole (they are in memory already, or
   * small): in streaming mode the JDK drops the body of a 401 answer, which holds the gateway's error.
   */
  private static final long BUFFERED_MAX = 64 * 1024;
  /** The methods {@link HttpURLConnection} sends; any other goes through the JDK's {@code HttpClient}. */
  private static final Set<String> URL_CONNECTION_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");
  private static final String USER_AGENT = "plat-cli/" + PlatCommand.version();

  static {
    // Read once, when the JDK's HTTP classes load, which is after this (all requests go through here):
    // headers like Origin or Via from `plat invoke -H` are sent, not silently dropped (the ones that
    // frame the message are refused by GatewayRequest); a connection is not kept (Connection: close, no
    // keep-alive timer thread); a POST whose connection broke is not sent a second time.
    defaultProperty("sun.net.http.allowRestrictedHeaders", "true");
    defaultProperty("http.keepAlive", "false");
    defaultProperty("sun.net.http.retryPost", "false");
    defaultProperty("jdk.httpclient.allowRestrictedHeaders", "date,from,via,warning");
  }

  private final URI baseUrl;
  private final String token;
  /** The certificates to trust for https ({@code --ca-file}), or null for the JDK's CAs. */
  private final Path caFile;
  private SSLContext tls;

  ApiClient(CliConfig config) {
    this.baseUrl = config.apiUrl();
    this.token = config.token();
    this.caFile = config.caFile();
  }

  /** The SSL context of {@link #caFile}, made on the first https request; null without a CA file. */
  private SSLContext tls() {
    if (tls == null && caFile != null) {
      tls = CaTrust.context(caFile);
    }
    return tls;
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** A GET of {@code pathAndQuery} under the base URL, with the token. */
  public GatewayRequest request(String pathAndQuery) {
    return new GatewayRequest(pathAndQuery).header("Authorization", "Bearer " + token)
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
  public JsonNode call(GatewayRequest request) {
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
      return JsonTrees.object();
    }
    JsonNode json = JsonTrees.tryParse(body);
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

  /**
   * Sends any request, mapping only transport failures; the caller handles the status and closes the
   * response. The body of the response (of an error status too) is read as it arrives.
   */
  public ApiResponse send(GatewayRequest request) {
    try {
      String method = request.method();
      boolean bodyless = method.equals("GET") || method.equals("HEAD");
      return URL_CONNECTION_METHODS.contains(method) && !(bodyless && request.body().length() != 0)
        ? exchange(request) : exchangeOther(request);
    } catch (UnknownHostException e) {
      throw CliException.unreachable(baseUrl.toString(), new UnknownHostException("unknown host " + e.getMessage()));
    } catch (ConnectException | NoRouteToHostException | SocketTimeoutException | HttpConnectTimeoutException e) {
      throw CliException.unreachable(baseUrl.toString(), e);
    } catch (SSLHandshakeException e) {
      throw CliException.unreachable(baseUrl.toString(), new SSLHandshakeException("TLS handshake failed ("
        + e.getMessage() + "); for a self-signed certificate pass its PEM file with --ca-file or PLAT_CA_FILE"));
    } catch (IOException e) {
      throw CliException.failed(request.method() + " " + baseUrl + request.pathAndQuery() + " failed: " + e);
    }
  }

  private URI uri(GatewayRequest request) {
    String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + basePath + request.pathAndQuery());
  }

  /** One exchange over {@link HttpURLConnection} (https too), in this thread. */
  private ApiResponse exchange(GatewayRequest request) throws IOException {
    HttpURLConnection conn = (HttpURLConnection) uri(request).toURL().openConnection();
    if (conn instanceof HttpsURLConnection https && tls() != null) {
      https.setSSLSocketFactory(tls().getSocketFactory());
    }
    try {
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
      conn.setReadTimeout(0); // logs -f and invoke wait as long as the answer takes
      conn.setRequestMethod(request.method());
      for (String[] header : request.headers()) {
        conn.setRequestProperty(header[0], header[1]);
      }
      if (request.header("Accept") == null) {
        conn.setRequestProperty("Accept", "*/*"); // not the JDK's "text/html, image/gif, ..." default
      }
      RequestBody body = request.body();
      long length = body.length();
      if (length != 0) {
        if (request.header("Content-Type") == null) {
          conn.setRequestProperty("Content-Type", "application/octet-stream"); // not x-www-form-urlencoded
        }
        conn.setDoOutput(true);
        if (length < 0) {
          conn.setChunkedStreamingMode(BUFFER);
        } else if (length > BUFFERED_MAX) {
          conn.setFixedLengthStreamingMode(length);
        }
        try (CountingOutput out = new CountingOutput(conn.getOutputStream())) {
          body.writeTo(out);
          if (length > 0 && out.count != length) {
            throw new IOException("the request body was " + out.count + " bytes, not the " + length + " announced");
          }
        }
      }
      int status = conn.getResponseCode();
      if (status < 0) {
        throw new ProtocolException("not an HTTP answer");
      }
      // an error status's body is the error stream; null when there is none (or the JDK dropped it:
      // a 401 to a streamed body)
      InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
      return new ApiResponse(status, lowerCased(conn.getHeaderFields()),
        new Body(in == null ? InputStream.nullInputStream() : in, conn::disconnect));
    } catch (IOException | RuntimeException e) {
      conn.disconnect();
      throw e;
    }
  }

  /** One exchange over the JDK's {@link HttpClient}, for the methods {@link HttpURLConnection} refuses. */
  private ApiResponse exchangeOther(GatewayRequest request) throws IOException {
    HttpClient.Builder clientBuilder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS));
    if (tls() != null) {
      clientBuilder.sslContext(tls());
    }
    HttpClient client = clientBuilder.build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request)).method(request.method(), publisher(request.body()));
    for (String[] header : request.headers()) {
      builder.setHeader(header[0], header[1]);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    return new ApiResponse(response.statusCode(), lowerCased(response.headers().map()), new Body(response.body(), () -> { }));
  }

  /** Response headers by lower-case name, the values of one name joined by commas (a null name, the status line, left out). */
  private static Map<String, String> lowerCased(Map<String, List<String>> fields) {
    Map<String, String> headers = new HashMap<>();
    fields.forEach((name, values) -> {
      if (name != null) {
        headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b);
      }
    });
    return Map.copyOf(headers);
  }

  /** The body as {@link HttpClient} wants it: read from a pipe that a thread writes it to. */
  private static HttpRequest.BodyPublisher publisher(RequestBody body) {
    long length = body.length();
    if (length == 0) {
      return HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
      PipedInputStream in = new PipedInputStream(BUFFER);
      try {
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = new Thread(() -> {
          try (out) {
            body.writeTo(out);
          } catch (IOException | RuntimeException e) {
            // the reader sees the body end early; the exchange fails on the length or the server's answer
          }
        }, "plat-request-body");
        writer.setDaemon(true);
        writer.start();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return in;
    });
    return length < 0 ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, length);
  }

  /** A response body; closing it closes the connection. */
  private static final class Body extends FilterInputStream {
    private final Runnable onClose;

    Body(InputStream in, Runnable onClose) {
      super(in);
      this.onClose = onClose;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        onClose.run();
      }
    }
  }

  /** Counts what goes through, to check a body against its announced length. */
  private static final class CountingOutput extends FilterOutputStream {
    long count;

    CountingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
