package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API description matches the API: the CLI's flows and a few raw calls go through a validating
 * proxy ({@link ContractProxy}, the part of Prism's proxy that checks answers) in front of a real
 * node, and every answer's status, content type and JSON body match {@code openapi.yaml}.
 */
class ApiContractIT {
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static ContractProxy contract;
  private static PlatCli cli;
  private static PlatApi api;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    // the asynchronous invocation's callback below goes to a receiver on loopback
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-contract", "--callback-allowed-hosts", "public,127.0.0.1/32");
    contract = ContractProxy.start(URI.create(node.url()).getPort());
    cli = new PlatCli(contract.url(), NodeProcess.ADMIN_TOKEN, tmp.resolve("home"));
    api = new PlatApi(contract.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (contract != null) {
      contract.close();
    }
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void everyAnswerOfTheCliFlowsMatchesTheDescription() throws Exception {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    ok(cli.run(tmp, "init", "--runtime", "python-flask", name));
    Path dir = tmp.resolve(name);
    ok(cli.run(dir, "deploy"));
    ok(cli.run(tmp, "ls"));
    ok(cli.run(tmp, "get", name));
    ok(cli.run(tmp, "-o", "json", "get", name));
    ok(cli.run(tmp, "logs", "--tail", "5", name));
    ok(cli.run(tmp, "invoke", name, "-d", "{\"name\":\"contract\"}"));
    asyncInvocationWithItsCallback(name);
    ok(cli.run(tmp, "stop", name));
    ok(cli.run(tmp, "start", name));
    ok(cli.run(tmp, "url", name));
    ok(cli.run(dir, "deploy"));
    ok(cli.run(tmp, "versions", name));
    ok(cli.run(tmp, "schedules"));
    ok(cli.run(tmp, "rollback", name));
    assertEquals(1, cli.run(tmp, "rollback", name, "--to", "99").exit());
    // versions 1 to 3 now: a split (200 with the status), a bad one (400), back to the latest
    ok(cli.run(tmp, "traffic", name, "v1=50", "latest=50"));
    ok(cli.run(tmp, "-o", "json", "traffic", name));
    assertEquals(1, cli.run(tmp, "traffic", name, "v99=100").exit());
    ok(cli.run(tmp, "traffic", name, "--latest"));
    assertEquals(1, cli.run(tmp, "get", E2eNames.fresh()).exit());

    assertEquals(200, api.patch(name, new JsonObject().put("public", true), NodeProcess.ADMIN_TOKEN).status());
    assertEquals(200, api.get("/health", null).status());
    assertEquals(200, api.get("/metrics", NodeProcess.ADMIN_TOKEN).status());
    assertEquals(200, api.get("/api/openapi.yaml", null).status());
    assertEquals(401, api.get("/api/functions", null).status());
    assertEquals(404, api.get("/api/builds/b-nothing", NodeProcess.ADMIN_TOKEN).status());
    PlatApi.Response badZip = api.deploy(E2eNames.fresh(), "python-flask",
      "not a zip".getBytes(StandardCharsets.UTF_8), NodeProcess.ADMIN_TOKEN);
    assertEquals(400, badZip.status(), badZip::toString);
    assertTrue(!badZip.body().contains("uploads") && !badZip.body().contains(".zip"), "no server path: " + badZip);
    // your own image: the image just built, deployed by reference (201), and one that is not there (422)
    String own = E2eNames.fresh();
    FUNCTIONS.add(own);
    String built = api.function(name).json().getString("image");
    ok(cli.run(tmp, "deploy", "--image", built, "--name", own));
    assertEquals(1, cli.run(tmp, "deploy", "--image", "127.0.0.1:5000/plat-contract/missing:1", "--name", own).exit());
    ok(cli.runWithInput(tmp, "pw\n".getBytes(StandardCharsets.UTF_8), "registry", "login", "127.0.0.1:5999", "-u", "u",
      "--password-stdin"));
    ok(cli.run(tmp, "registry", "ls"));
    ok(cli.run(tmp, "registry", "logout", "127.0.0.1:5999"));
    ok(cli.run(tmp, "rm", own));
    ok(cli.run(tmp, "rm", name));
    ok(cli.run(tmp, "secret", "create", "contract-db", "--from-literal", "k=v"));
    assertEquals(1, cli.run(tmp, "secret", "create", "contract-db", "--from-literal", "k=v").exit());
    ok(cli.run(tmp, "secret", "ls"));
    ok(cli.run(tmp, "secret", "update", "contract-db", "--from-literal", "k=w"));
    ok(cli.run(tmp, "secret", "rm", "contract-db"));

    Set<String> seen = new TreeSet<>(contract.operations());
    assertEquals(List.of(), contract.violations(), () -> "answers that do not match openapi.yaml; operations seen: " + seen);
    for (String expected : List.of("deployFunction 202", "getBuild 200", "getBuildLogs 200", "listFunctions 200",
        "getFunction 200", "getFunction 404", "getFunctionLogs 200", "stopFunction 200", "startFunction 200",
        "updateFunction 200", "deleteFunction 200", "getHealth 200", "getMetrics 200", "getOpenApi 200",
        "listFunctions 401", "getBuild 404", "deployFunction 400", "listFunctionVersions 200", "rollbackFunction 200",
        "rollbackFunction 404", "createSecret 201", "createSecret 409", "listSecrets 200", "updateSecret 200",
        "deleteSecret 200", "deployFunction 201", "deployFunction 422", "putRegistryLogin 200", "listRegistries 200",
        "deleteRegistryLogin 200", "invokeAsync 202", "invokeAsyncRoot 202",
        "getInvocation 200", "listInvocations 200")) {
      assertTrue(seen.contains(expected), () -> expected + " was not checked; seen: " + seen);
    }
  }

  /** An asynchronous invocation whose callback reaches a receiver; its record (and callback state) read back. */
  private static void asyncInvocationWithItsCallback(String name) throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      // without a path: /async-function/{name} alone (invokeAsyncRoot)
      ok(cli.run(tmp, "invoke", "--async", name, "-d", "{}"));
      // with a path: /async-function/{name}/{path} (invokeAsync)
      PlatCli.Result invoked = cli.run(tmp, "invoke", "--async", name, "--path", "/contract", "-d", "{}", "--callback-url",
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
      ok(invoked);
      String id = invoked.out().strip();
      Poll.untilTrue(Duration.ofSeconds(120), "the callback of " + id + " to be delivered", () -> {
        JsonObject callback = api.get("/api/invocations/" + id, NodeProcess.ADMIN_TOKEN).json().getJsonObject("callback");
        return callback != null && "delivered".equals(callback.getString("state"));
      }, node::output);
      ok(cli.run(tmp, "invocations", name));
      ok(cli.run(tmp, "-o", "json", "invocations", "--id", id));
    } finally {
      receiver.stop(0);
    }
  }

  private static void ok(PlatCli.Result result) {
    assertEquals(0, result.exit(), () -> result + node.output());
  }
}
