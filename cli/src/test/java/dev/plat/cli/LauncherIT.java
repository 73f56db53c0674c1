package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./plat} launcher's startup archive, with the packaged CLI jar (copied, so the archive
 * lands in a temp folder): made on first use, used by the next runs, made again when the jar
 * changes, and a broken one never shows in the output.
 */
class LauncherIT {
  static final Path LAUNCHER = Path.of("..", "plat").toAbsolutePath().normalize();
  static final Path BUILT_JAR = Path.of("target", "plat-cli.jar").toAbsolutePath();

  @TempDir
  Path tmp;
  Path jar;
  Path archive;

  record Run(int exit, String out, String err) {
  }

  @BeforeEach
  void setUp() throws IOException {
    assertTrue(Files.isRegularFile(BUILT_JAR), "run after package: " + BUILT_JAR);
    jar = tmp.resolve("plat-cli.jar");
    Files.copy(BUILT_JAR, jar);
    archive = tmp.resolve("plat-cli.jsa");
  }

  Run plat(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    Map<String, String> env = pb.environment();
    env.put("PLAT_CLI_JAR", jar.toString());
    env.put("PLAT_CLI_SHOW_JAVA", "1");
    env.remove("PLAT_CLI_JAVA_OPTS");
    env.remove("PLAT_CLI_ARCHIVE");
    pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ended");
    return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
  }

  /** The java command the launcher ran, from its PLAT_CLI_SHOW_JAVA line. */
  static List<String> javaCommand(Run run) {
    String line = run.err().lines().filter(l -> l.startsWith("plat: java ")).findFirst().orElseThrow();
    return new ArrayList<>(List.of(line.substring("plat: ".length()).split(" ")));
  }

  @Test
  void theFirstRunMakesTheArchiveAndTheNextRunsMapIt() throws Exception {
    Run first = plat("--version");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(first.out().startsWith("plat "), first.toString());
    assertTrue(first.err().contains("preparing the CLI's startup archive"), first.toString());
    assertTrue(Files.size(archive) > 1_000_000, "an archive of the trained classes");

    Run second = plat("--version");
    assertEquals(first.out(), second.out());
    assertFalse(second.err().contains("preparing"), second.toString());
    List<String> java = javaCommand(second);
    assertTrue(java.contains("-XX:SharedArchiveFile=" + archive), java.toString());

    // the same command with -Xshare:on fails unless the JVM really maps the archive
    java.replaceAll(a -> a.equals("-Xshare:auto") ? "-Xshare:on" : a);
    java.removeIf(a -> a.startsWith("-Xlog:"));
    java.add("--version");
    Process p = new ProcessBuilder(java).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
  }

  @Test
  void aChangedJarGetsANewArchiveAndABrokenOneIsIgnoredSilently() throws Exception {
    assertEquals(0, plat("--version").exit());
    String key = Files.readString(tmp.resolve("plat-cli.jsa.key"));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

    Run rebuilt = plat("--version");
    assertEquals(0, rebuilt.exit(), rebuilt.toString());
    assertTrue(rebuilt.err().contains("preparing the CLI's startup archive"), rebuilt.toString());
    assertNotEquals(key, Files.readString(tmp.resolve("plat-cli.jsa.key")));

    Files.write(archive, new byte[4096]); // same key, unusable archive: the JVM must run without it, quietly
    Run broken = plat("--version");
    assertEquals(0, broken.exit(), broken.toString());
    assertEquals(rebuilt.out(), broken.out());
    assertEquals(List.of(), broken.err().lines().filter(l -> !l.startsWith("plat: java ")).toList(), broken.toString());
  }
}
