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
