package dev.plat.cluster.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class run in a separate JVM with this JVM's class path, for tests that need a second
 * node. Its output goes to a log file; its stdin stays open so a child that watches it (see
 * {@link #exitWhenParentDies()}) exits when the test JVM does.
 */
public final class ChildJvm implements AutoCloseable {
  /** The JVM options Hazelcast asks for on Java 9+ (without them it warns and runs slower). */
  public static final List<String> HAZELCAST_JVM_OPTIONS = List.of("--add-modules", "java.se",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -cp <this class path> mainClass args...}, output to {@code log}. */
  public static ChildJvm start(Class<?> mainClass, Path log, List<String> args) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.addAll(HAZELCAST_JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(log.toFile()).start();
    return new ChildJvm(process, log);
  }

  /** For the child's main: exit when stdin closes, i.e. when the parent JVM is gone. */
  public static void exitWhenParentDies() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // keep reading until end of stream
        }
      } catch (IOException ignored) {
        // parent gone
      }
      Runtime.getRuntime().halt(3);
    }, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * For the child's main: sends {@code body} to the parent's {@code address} until its consumer is
   * visible from here (every 50 ms, 100 times at most); completes when the parent answered.
   */
  public static io.vertx.core.Future<Void> announce(io.vertx.core.Vertx vertx, String address,
      io.vertx.core.json.JsonObject body) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    announce(vertx, address, body, done, 100);
    return done.future();
  }

  private static void announce(io.vertx.core.Vertx vertx, String address, io.vertx.core.json.JsonObject body,
      io.vertx.core.Promise<Void> done, int triesLeft) {
    vertx.eventBus().request(address, body).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete();
      } else if (triesLeft == 0) {
        done.fail(ar.cause());
      } else {
        vertx.setTimer(50, id -> announce(vertx, address, body, done, triesLeft - 1));
      }
    });
  }

  /**
   * For the child's main: says "child ready" with {@code members} once {@code started} succeeds;
   * if it fails, logs why and halts with status 2 (the parent sees the child gone).
   */
  public static void readyOrHalt(Class<?> main, io.vertx.core.Future<?> started, java.util.function.Supplier<?> members) {
    started.onSuccess(v -> System.out.println("child ready: " + members.get()))
      .onFailure(e -> {
        java.util.logging.Logger.getLogger(main.getName()).log(java.util.logging.Level.SEVERE, "child failed to start", e);
        Runtime.getRuntime().halt(2);
      });
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** The child's output so far, for failure messages. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Kills the child at once (SIGKILL), as a crash would. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
