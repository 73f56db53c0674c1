package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.docker.DockerTestSupport.RUN_LABEL;
import static dev.plat.docker.DockerTestSupport.TEST_LABEL;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerIT {

  private static final long MEMORY = 64L << 20;
  private static final long PIDS = 64;

  private final String runId = DockerTestSupport.newRunId();
  private DockerClient docker;
  private String imageId;
  private UnixSocketHttp http;

  @BeforeAll
  void buildFunctionImage(Vertx vertx) {
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    imageId = await(FunctionImage.build(vertx, docker, runId));
  }

  @BeforeEach
  void httpClient(Vertx vertx) {
    http = new UnixSocketHttp(vertx);
  }

  @AfterEach
  void removeContainers() {
    await(http.close());
    await(docker.listContainers(true, DockerTestSupport.runFilters(runId)).compose(list -> Future.all(
      list.stream().map(c -> DockerTestSupport.ignoreNotFound(docker.removeContainer(c.id(), true))).toList())));
  }

  @AfterAll
  void removeImage() {
    if (docker != null) {
      try {
        DockerTestSupport.cleanup(docker, runId);
      } finally {
        await(docker.close());
      }
    }
  }

  /** A function instance as the controller runs it: hardened, no network, socket folder bound at /run/plat. */
  private ContainerSpec.Builder function(String name, Path socketFolder) {
    return ContainerSpec.builder(imageId).name("plat-test-" + runId + "-" + name)
      .labels(DockerTestSupport.testLabels(runId)).label("plat.function", name)
      .user("65534:65534").env("PLAT_SOCKET", FunctionImage.SOCKET_IN_CONTAINER)
      .bind(socketFolder.toString(), "/run/plat", false).tmpfs("/tmp", "size=16m")
      .hardened().limits(new ResourceLimits(MEMORY, 500_000_000L, PIDS)).networkMode("none")
      .stopSignal("SIGTERM").stopTimeout(10);
  }

  /** Creates and starts a function; @return its id once it answers on its socket. */
  private String startFunction(String name, Path socketFolder) {
    String id = await(docker.createContainer(function(name, socketFolder).build()));
    await(docker.startContainer(id));
    await(http.getWhenReady(socket(socketFolder), "/ready", 200, 50));
    return id;
  }

  private static String socket(Path folder) {
    return folder.resolve("fn.sock").toString();
  }

  @Test
  void aHardenedContainerOnNetworkNoneAnswersHttpOverItsBindMountedUnixSocket() {
    Path folder = FunctionImage.socketFolder(runId, "hardened");
    String id = startFunction("hardened", folder);

    assertEquals(new UnixSocketHttp.Answer(200, "hello from /function/hardened?x=1"),
      await(http.get(socket(folder), "/function/hardened?x=1")));

    ContainerInfo info = await(docker.inspectContainer(id));
    assertTrue(info.state().running(), info.state().toString());
    assertEquals("plat-test-" + runId + "-hardened", info.name());
    assertEquals(imageId, info.imageId());
    ContainerSpec spec = info.spec();
    assertTrue(spec.readOnlyRootfs());
    assertEquals(List.of("ALL"), spec.capDrop());
    assertEquals(List.of("no-new-privileges"), spec.securityOpt());
    assertEquals("none", spec.networkMode());
    assertEquals(new ResourceLimits(MEMORY, 500_000_000L, PIDS), spec.limits());
    assertEquals("size=16m", spec.tmpfs().get("/tmp"));
    assertEquals(List.of(new Bind(folder.toString(), "/run/plat", false)), spec.binds());
    assertEquals("65534:65534", spec.user());
    assertEquals(runId, info.labels().get(RUN_LABEL));
    assertEquals("SIGTERM", spec.stopSignal());
    assertEquals(10, spec.stopTimeout());

    List<ContainerSummary> listed = await(docker.listContainers(false,
      DockerTestSupport.runFilters(runId).label("plat.function", "hardened")));
    assertEquals(List.of(id), listed.stream().map(ContainerSummary::id).toList());
    assertEquals("running", listed.get(0).state());

    ContainerStats stats = await(docker.stats(id));
    assertEquals(MEMORY, stats.memoryLimitBytes());
    assertTrue(stats.pids() >= 1 && stats.memoryUsageBytes() > 0, stats.raw().encode());
  }

  @Test
  void aRequestSentWhilePausedIsAnsweredOnlyAfterUnpause() {
    Path folder = FunctionImage.socketFolder(runId, "paused");
    String id = startFunction("paused", folder);

    await(docker.pauseContainer(id));
    ContainerInfo paused = await(docker.inspectContainer(id));
    assertTrue(paused.state().paused());
    assertEquals("paused", paused.state().status());
    Future<UnixSocketHttp.Answer> duringPause = http.get(socket(folder), "/during-pause");
    assertThrows(DockerConflictException.class, () -> await(docker.pauseContainer(id)), "pausing twice conflicts");
    assertEquals("paused", await(docker.inspectContainer(id)).state().status());
    assertFalse(duringPause.isComplete(), "a frozen container cannot answer");

    await(docker.unpauseContainer(id));
    assertEquals(new UnixSocketHttp.Answer(200, "hello from /during-pause"), await(duringPause, Duration.ofSeconds(10)));
    assertFalse(await(docker.inspectContainer(id)).state().paused());
  }

  @Test
  void followedLogsDeliverDemultiplexedStdoutAndStderrFramesAndEndWhenTheContainerStops() {
    Path folder = FunctionImage.socketFolder(runId, "logs");
    String id = startFunction("logs", folder);
    List<LogFrame> frames = new CopyOnWriteArrayList<>();
    Promise<Void> listening = Promise.promise();
    Promise<Void> requestLogged = Promise.promise();
    Promise<Void> ended = Promise.promise();

    LogStream logs = await(docker.logs(id, LogsOptions.following()));
    logs.exceptionHandler(ended::tryFail).endHandler(v -> ended.tryComplete()).handler(frame -> {
      frames.add(frame);
      if (frame.stream() == LogFrame.Stream.STDOUT && frame.text().contains("listening on /run/plat/fn.sock")) {
        listening.tryComplete();
      }
      if (frame.stream() == LogFrame.Stream.STDERR && frame.text().contains("\"GET /seen-in-logs HTTP/1.1\" 200")) {
        requestLogged.tryComplete();
      }
    });

    await(listening.future());
    await(http.get(socket(folder), "/seen-in-logs"));
    await(requestLogged.future());
    await(docker.stopContainer(id, 10));
    await(ended.future());
    assertTrue(frames.stream().anyMatch(f -> f.stream() == LogFrame.Stream.STDOUT && f.text().contains("stopping on signal 15")),
      frames.toString());
  }

  @Test
  void logsOfAnExitedCommandEndAfterItsOutputAndWaitReportsItsExitCode() {
    String id = await(docker.createContainer(ContainerSpec.builder(imageId).labels(DockerTestSupport.testLabels(runId))
      .networkMode("none").cmd("python3", "-c", "import sys; print('to stdout'); print('to stderr', file=sys.stderr); sys.exit(3)")
      .build()));
    Future<ContainerExit> exit = docker.startContainer(id).compose(v -> docker.waitContainer(id));

    assertEquals(new ContainerExit(3, null), await(exit));
    List<LogFrame> frames = await(docker.logs(id, LogsOptions.all()).compose(s -> s.collect(Collectors.toList())));
    assertTrue(frames.stream().anyMatch(f -> f.stream() == LogFrame.Stream.STDOUT && f.text().equals("to stdout\n")), frames.toString());
    assertTrue(frames.stream().anyMatch(f -> f.stream() == LogFrame.Stream.STDERR && f.text().equals("to stderr\n")), frames.toString());
    assertEquals(3, await(docker.inspectContainer(id)).state().exitCode());
  }

  @Test
  void theEventsStreamReportsTheLifecycleOfALabelledContainer() {
    EventRecorder recorder = new EventRecorder();
    EventSubscription subscription = await(docker.events(
      DockerFilters.create().type("container").label(RUN_LABEL, runId), recorder));
    try {
      Path folder = FunctionImage.socketFolder(runId, "events");
      String id = startFunction("events", folder);
      await(docker.pauseContainer(id));
      await(docker.unpauseContainer(id));
      await(docker.stopContainer(id, 10));
      await(docker.removeContainer(id, false));

      DockerEvent destroy = await(recorder.next(id, "destroy"));
      DockerEvent die = await(recorder.next(id, "die"));
      assertEquals("0", die.attribute("exitCode"));
      assertEquals("1", destroy.attribute(TEST_LABEL));
      assertEquals("plat-test-" + runId + "-events", destroy.attribute("name"));
      List<String> actions = recorder.actions(id);
      assertTrue(isSubsequence(List.of("create", "start", "pause", "unpause", "die", "stop", "destroy"), actions), actions.toString());
      assertTrue(recorder.events().stream().allMatch(e -> runId.equals(e.attribute(RUN_LABEL))), "the filter holds");
      assertTrue(die.timeNano() > 0 && die.timeNano() <= destroy.timeNano());
    } finally {
      await(subscription.close());
    }
    assertFalse(subscription.isActive());
  }

  @Test
  void stopSendsTheStopSignalThenWaitReportsTheExitAndRemoveDeletesTheContainer() {
    Path folder = FunctionImage.socketFolder(runId, "stopped");
    String id = startFunction("stopped", folder);
    Future<ContainerExit> exit = docker.waitContainer(id);

    await(docker.stopContainer(id, 10));
    assertEquals(new ContainerExit(0, null), await(exit), "exit 0: SIGTERM handled, not SIGKILLed");
    ContainerState state = await(docker.inspectContainer(id)).state();
    assertEquals("exited", state.status());
    assertFalse(state.running());
    await(docker.stopContainer(id, 10));

    await(docker.removeContainer(id, false));
    assertThrows(DockerNotFoundException.class, () -> await(docker.inspectContainer(id)));
    assertThrows(DockerNotFoundException.class, () -> await(docker.waitContainer(id)));
  }

  @Test
  void notFoundAndConflictAreTypedErrors() {
    String missing = "plat-test-" + runId + "-missing";
    for (Future<?> call : List.<Future<?>>of(docker.inspectContainer(missing), docker.startContainer(missing),
      docker.stopContainer(missing, 1), docker.removeContainer(missing, true), docker.pauseContainer(missing),
      docker.logs(missing, LogsOptions.all()), docker.stats(missing))) {
      DockerNotFoundException e = assertThrows(DockerNotFoundException.class, () -> await(call));
      assertEquals(404, e.status());
      assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    Path folder = FunctionImage.socketFolder(runId, "conflict");
    ContainerSpec spec = function("conflict", folder).build();
    String created = await(docker.createContainer(spec));
    DockerConflictException taken = assertThrows(DockerConflictException.class, () -> await(docker.createContainer(spec)));
    assertTrue(taken.getMessage().contains("already in use"), taken.getMessage());
    assertThrows(DockerConflictException.class, () -> await(docker.pauseContainer(created)), "not running");
    assertThrows(DockerConflictException.class, () -> await(docker.killContainer(created, "SIGKILL")), "not running");

    await(docker.startContainer(created));
    await(docker.startContainer(created));
    DockerConflictException running = assertThrows(DockerConflictException.class, () -> await(docker.removeContainer(created, false)));
    assertEquals(409, running.status());
    await(docker.removeContainer(created, true));
  }

  private static boolean isSubsequence(List<String> wanted, List<String> actual) {
    int i = 0;
    for (String a : actual) {
      if (i < wanted.size() && wanted.get(i).equals(a)) {
        i++;
      }
    }
    return i == wanted.size();
  }
}
