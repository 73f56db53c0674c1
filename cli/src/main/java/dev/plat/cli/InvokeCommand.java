package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat invoke NAME}: one request to the function through the gateway, the response body
 * streamed to stdout; a status of 400 or more exits 1. With {@code --async} the request is queued
 * ({@code /async-function/NAME}) and the invocation id printed (the API's JSON with {@code -o json}).
 */
@Command(name = "invoke", description = "Call a function and print its answer.")
final class InvokeCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "HTTP method (default GET, or POST with -d).")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "HEADER", description = "Request header 'Name: value'; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "DATA|@FILE|@-",
      description = "Request body: text (sent as JSON when it parses as JSON), @FILE or @- for stdin.")
  String data;

  @Option(names = "--path", paramLabel = "PATH", description = "Path and query after /function/NAME, e.g. /items?id=1.")
  String path;

  @Option(names = "--async", description = "Queue the call and print its invocation id (see plat invocations).")
  boolean async;

  @Option(names = "--callback-url", paramLabel = "URL", description = "With --async: where the node POSTs the result.")
  String callbackUrl;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "With --async: a second call with the same key gets the first invocation's id.")
  String idempotencyKey;

  @Override
  public Integer call() {
    CliContext ctx = plat.context();
    if (!async && (callbackUrl != null || idempotencyKey != null)) {
      throw CliException.usage("--callback-url and --idempotency-key need --async");
    }
    GatewayRequest request;
    try {
      request = plat.api().request(async ? ApiPaths.invokeAsync(name, path) : ApiPaths.invoke(name, path));
      if (callbackUrl != null) {
        request.header(ApiPaths.CALLBACK_URL_HEADER, callbackUrl);
      }
      if (idempotencyKey != null) {
        request.header(ApiPaths.IDEMPOTENCY_KEY_HEADER, idempotencyKey);
      }
      boolean hasContentType = false;
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw CliException.usage("bad header '" + header + "': expected 'Name: value'");
        }
        String key = header.substring(0, colon).strip();
        hasContentType |= key.equalsIgnoreCase("Content-Type");
        request.header(key, header.substring(colon + 1).strip());
      }
      if (data != null && !hasContentType) {
        request.header("Content-Type", contentType());
      }
      request.method(method != null ? method.toUpperCase() : data != null || async ? "POST" : "GET", body(ctx));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (async) {
      com.fasterxml.jackson.databind.JsonNode accepted = plat.api().call(request);
      ctx.out().println(plat.json() ? JsonTrees.pretty(accepted) : accepted.path("id").asText());
      return ExitCode.OK;
    }
    int status;
    try (ApiResponse response = plat.api().send(request)) {
      status = response.status();
      StreamCopy.copy(response.body(), ctx.out());
    } catch (IOException e) {
      throw CliException.failed("the answer of " + name + " broke off: " + e.getMessage());
    }
    if (status >= 400) {
      throw CliException.failed(name + " answered HTTP " + status);
    }
    return ExitCode.OK;
  }

  private RequestBody body(CliContext ctx) {
    if (data == null) {
      return RequestBody.none();
    }
    if (data.equals("@-")) {
      return RequestBody.stream(-1, ctx::in);
    }
    if (data.startsWith("@")) {
      Path file = ctx.resolve(data.substring(1));
      if (!Files.isRegularFile(file)) {
        throw CliException.failed("cannot read " + file + ": no such file");
      }
      try {
        return RequestBody.file(file);
      } catch (IOException e) {
        throw CliException.failed("cannot read " + file + ": " + e.getMessage());
      }
    }
    return RequestBody.text(data);
  }

  private String contentType() {
    if (data.startsWith("@")) {
      return "application/octet-stream";
    }
    return JsonTrees.tryParse(data.getBytes(StandardCharsets.UTF_8)) != null ? "application/json" : "text/plain; charset=utf-8";
  }
}
