package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code plat startup-training} (hidden): runs the usual commands once, in this JVM, against a
 * stand-in gateway on a loopback port of its own, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} records every class they load. The {@code ./plat} launcher
 * runs it once per CLI build to make the startup archive (AppCDS) that later runs map instead of
 * loading and verifying those classes again. Prints nothing; touches nothing outside a temp folder.
 */
@Command(name = "startup-training", hidden = true, description = "Exercise the CLI once (for the launcher's startup archive).")
final class StartupTrainingCommand implements Callable<Integer> {
  private static final String FN = "training";

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("plat-training-");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread gateway = new Thread(() -> serve(socket), "training-gateway");
      gateway.setDaemon(true);
      gateway.start();
      CliContext ctx = new CliContext(quiet, quiet, InputStream.nullInputStream(),
        Map.of("API_URL", "http://127.0.0.1:" + socket.getLocalPort(), "AUTH_TOKEN", "training"), dir, dir, false);
      int failures = 0;
      String[][] runs = {{"init", "--runtime", "python-flask", FN}, {"deploy", FN}, {"ls"}, {"get", FN},
        {"url", FN}, {"invoke", FN, "-d", "{\"x\":1}"}, {"logs", FN}, {"stop", FN}, {"start", FN}, {"rm", FN},
        {"get", "missing"}, {"--help"}, {"deploy", "--help"}, {"--version"}};
      for (String[] args : runs) {
        int exit = PlatCommand.commandLine(ctx).execute(args);
        failures += exit == ExitCode.OK || args[args.length - 1].equals("missing") ? 0 : 1;
      }
      return failures == 0 ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The stand-in gateway: one request per connection, canned answers shaped like the real ones. */
  private static void serve(ServerSocket socket) {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        String[] line = HttpWire.readLine(in).split(" ");
        long length = 0;
        boolean chunked = false;
        for (String h = HttpWire.readLine(in); h != null && !h.isEmpty(); h = HttpWire.readLine(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          length = lower.startsWith("content-length:") ? Long.parseLong(h.substring(15).strip()) : length;
          chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        (chunked ? new ChunkedInputStream(in) : new HttpWire.BoundedInputStream(in, length)).transferTo(OutputStream.nullOutputStream());
        answer(s.getOutputStream(), line[0], line[1].split("\\?")[0]);
      } catch (IOException | RuntimeException e) {
        // closed at the end of the training, or a bad request: next
      }
    }
  }

  private static void answer(OutputStream out, String method, String path) throws IOException {
    String fn = "{\"name\":\"" + FN + "\",\"runtime\":\"python-flask\",\"version\":1,\"state\":\"ready\","
      + "\"instances\":[{\"id\":\"i-1\",\"state\":\"ready\",\"node\":\"n\"}],\"limits\":{\"memoryMb\":128},"
      + "\"env\":{},\"updatedAt\":1}";
    String body = switch (method + " " + path) {
      case "POST /api/functions" -> "{\"name\":\"" + FN + "\",\"version\":1,\"buildId\":\"b-1\"}";
      case "GET /api/builds/b-1" -> "{\"id\":\"b-1\",\"state\":\"succeeded\"}";
      case "GET /api/functions" -> "{\"functions\":[" + fn + "]}";
      case "GET /api/functions/" + FN -> fn;
      default -> null;
    };
    boolean stream = path.endsWith("/logs") || path.startsWith("/function/");
    int status = body != null || stream || method.equals("DELETE") || method.equals("POST") ? 200 : 404;
    if (status == 404) {
      body = "{\"error\":\"no route\",\"code\":\"not_found\"}";
    }
    if (stream) {
      out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        + "6\r\nStep 1\r\n4\r\n/1 \n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } else {
      byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
    }
    out.flush();
  }
}
