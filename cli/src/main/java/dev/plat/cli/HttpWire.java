package dev.plat.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange on its own connection ({@code Connection: close}), in the calling thread.
 * The CLI's requests are a handful per run on loopback or a LAN, so a connection each costs
 * nothing, and this starts no thread and loads a few classes where the JDK's {@code HttpClient}
 * loads hundreds and keeps a selector thread in native code that delays the JVM's exit by 0.3 s.
 * The body goes out with a {@code Content-Length} or chunked; the answer is read as it arrives
 * (chunked, by length or until the server closes).
 */
final class HttpWire {
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  private HttpWire() {
  }

  /**
   * Connects, sends {@code request} and reads the response head.
   *
   * @throws java.net.ConnectException and other {@link IOException}s of the connection
   */
  static ApiResponse exchange(URI base, ApiRequest request, int connectTimeoutMs) throws IOException {
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    String host = base.getHost();
    int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
    Socket socket = connect(host, port, tls, connectTimeoutMs);
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
      IOException sendFailure = null;
      try {
        send(socket.getOutputStream(), base, host, port, tls, request);
      } catch (IOException e) {
        sendFailure = e; // the server may have answered early (413, 401) and closed: read its answer
      }
      ApiResponse response;
      try {
        response = read(in, socket, request.method());
      } catch (IOException e) {
        if (sendFailure != null) {
          sendFailure.addSuppressed(e);
          throw sendFailure;
        }
        throw e;
      }
      return response;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket connect(String host, int port, boolean tls, int timeoutMs) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new java.net.UnknownHostException("unknown host " + host);
    }
    Socket socket = new Socket();
    try {
      socket.connect(address, timeoutMs);
      socket.setTcpNoDelay(true);
      if (!tls) {
        return socket;
      }
      SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
      ssl.startHandshake();
      return ssl;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static void send(OutputStream raw, URI base, String host, int port, boolean tls, ApiRequest request)
      throws IOException {
    OutputStream out = new BufferedOutputStream(raw, BUFFER);
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    StringBuilder head = new StringBuilder(256).append(request.method()).append(' ')
      .append(basePath).append(request.pathAndQuery()).append(" HTTP/1.1\r\n")
      .append("Host: ").append(host.contains(":") ? "[" + host + "]" : host);
    if (port != (tls ? 443 : 80)) {
      head.append(':').append(port);
    }
    head.append("\r\nConnection: close\r\n");
    for (String[] header : request.headers()) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    RequestBody body = request.body();
    long length = body.length();
    if (length > 0) {
      head.append("Content-Length: ").append(length).append("\r\n");
    } else if (length < 0) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      head.append("Content-Length: 0\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (length > 0) {
      CountingOutput counted = new CountingOutput(out);
      body.writeTo(counted);
      if (counted.count != length) {
        throw new IOException("the request body was " + counted.count + " bytes, not the " + length + " announced");
      }
    } else if (length < 0) {
      ChunkedOutputStream chunked = new ChunkedOutputStream(out);
      body.writeTo(chunked);
      chunked.finish();
    }
    out.flush();
  }

  private static ApiResponse read(InputStream in, Socket socket, String method) throws IOException {
    while (true) {
      String status = readLine(in);
      if (status == null) {
        throw new ProtocolException("the server closed the connection without answering");
      }
      if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
        throw new ProtocolException("not an HTTP/1.x answer: " + status);
      }
      int code;
      try {
        code = Integer.parseInt(status.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad status line: " + status);
      }
      Map<String, String> headers = readHeaders(in);
      if (code >= 100 && code < 200 && code != 101) {
        continue; // 100 Continue and friends: the real answer follows
      }
      InputStream body = body(in, socket, method, code, headers);
      return new ApiResponse(code, Map.copyOf(headers), body);
    }
  }

  private static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = readLine(in);
      if (line == null) {
        throw new ProtocolException("the server closed the connection in the middle of the headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if (count >= MAX_HEADERS) {
        throw new ProtocolException("more than " + MAX_HEADERS + " response headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("bad header line: " + line);
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
  }

  private static InputStream body(InputStream in, Socket socket, String method, int code, Map<String, String> headers)
      throws IOException {
    if (method.equals("HEAD") || code == 204 || code == 304) {
      return new BodyStream(InputStream.nullInputStream(), socket);
    }
    String encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new BodyStream(new ChunkedInputStream(in), socket);
    }
    String length = headers.get("content-length");
    if (length != null) {
      try {
        return new BodyStream(new BoundedInputStream(in, Long.parseLong(length.strip())), socket);
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad Content-Length: " + length);
      }
    }
    return new BodyStream(in, socket);
  }

  /** A line ending in CRLF (or LF), without it; null at the end of the stream before any byte. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("a line of the answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    if (line.length() == 0) {
      return null;
    }
    throw new java.io.EOFException("the connection ended in the middle of a line");
  }

  /** The body of a response; closing it closes the connection. */
  private static final class BodyStream extends java.io.FilterInputStream {
    private final Socket socket;

    BodyStream(InputStream in, Socket socket) {
      super(in);
      this.socket = socket;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** At most {@code remaining} bytes; a connection that ends before them is an error. */
  static final class BoundedInputStream extends java.io.FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new java.io.EOFException("the answer ended " + remaining + " bytes early");
      }
      remaining -= n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }

  /** Counts what goes through, to check a body against its announced length. */
  private static final class CountingOutput extends java.io.FilterOutputStream {
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
