package dev.plat.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code plat startup-training} (hidden): runs the usual commands once, in this JVM, against a
 * stand-in gateway on a loopback port of its own, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} records every class they load. The {@code ./plat} launcher
 * runs it once per CLI build to make the startup archive (AppCDS) that later runs map instead of
 * loading and verifying those classes again: the client's requests go through the JDK's
 * {@code HttpURLConnection} (a body in memory, a streamed one, a streamed answer, an error), the
 * stand-in is the JDK's {@code HttpServer}. Prints nothing; touches nothing outside a temp folder.
 */
@Command(name = "startup-training", hidden = true, description = "Exercise the CLI once (for the launcher's startup archive).")
final class StartupTrainingCommand implements Callable<Integer> {
  private static final String FN = "training";

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("plat-training-");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    gateway.createContext("/", StartupTrainingCommand::serve);
    gateway.start();
    try {
      CliContext ctx = new CliContext(quiet, quiet, InputStream.nullInputStream(),
        Map.of("API_URL", "http://127.0.0.1:" + gateway.getAddress().getPort(), "AUTH_TOKEN", "training"), dir, dir, false);
      int failures = 0;
      String[][] runs = {{"init", "--runtime", "python-flask", FN}, {"deploy", FN}, {"ls"}, {"get", FN},
        {"url", FN}, {"invoke", FN, "-d", "{\"x\":1}"}, {"invoke", FN, "-d", "@-"}, {"logs", FN}, {"stop", FN},
        {"start", FN}, {"rm", FN},
        {"get", "missing"}, {"--help"}, {"deploy", "--help"}, {"--version"}};
      for (String[] args : runs) {
        int exit = PlatCommand.commandLine(ctx).execute(args);
        failures += exit == ExitCode.OK || args[args.length - 1].equals("missing") ? 0 : 1;
      }
      return failures == 0 ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      gateway.stop(0);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The stand-in gateway: canned answers shaped like the real ones, the streamed ones chunked. */
  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      answer(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    }
  }

  private static void answer(HttpExchange exchange, String method, String path) throws IOException {
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
    OutputStream out = exchange.getResponseBody();
    if (stream) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, 0); // chunked, read by the client as it comes
      out.write("Step 1".getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.write("/1 \n".getBytes(StandardCharsets.UTF_8));
    } else {
      byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    }
    out.close();
  }
}
