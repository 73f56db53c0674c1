package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir
  Path tmp;
  CliRun cli;

  @BeforeEach
  void fakeRuntimes() throws IOException {
    Path runtimes = tmp.resolve("plat-home/runtimes");
    FunctionZipperTest.write(runtimes, "py-test/runtime.json", "{\"name\":\"py-test\"}");
    FunctionZipperTest.write(runtimes, "py-test/template/handler.py", "def handle(req):\n  return 'hi'\n");
    FunctionZipperTest.write(runtimes, "py-test/template/requirements.txt", "flask\n");
    FunctionZipperTest.write(runtimes, "py-test/template/.platignore", "__pycache__/\n");
    FunctionZipperTest.write(runtimes, "py-test/template/lib/helpers.py", "X = 1\n");
    FunctionZipperTest.write(runtimes, "js-test/runtime.json", "{}");
    FunctionZipperTest.write(runtimes, "js-test/template/index.js", "module.exports = () => 'hi'\n");
    FunctionZipperTest.write(runtimes, "js-test/template/plat.json", "{\"name\":\"x\",\"limits\":{\"memoryMb\":64}}");
    Files.createDirectories(runtimes.resolve("base"));
    cli = new CliRun(tmp.resolve("home"), tmp.resolve("work"));
    cli.env.put("PLAT_HOME", tmp.resolve("plat-home").toString());
  }

  @Test
  void createsTheTemplateFilesAndPlatJson() throws IOException {
    CliRun.Result r = cli.run("init", "--runtime", "py-test", "my-fn");

    assertEquals(0, r.exit(), r.toString());
    Path fn = tmp.resolve("work/my-fn");
    assertEquals("def handle(req):\n  return 'hi'\n", Files.readString(fn.resolve("handler.py")));
    assertTrue(Files.isRegularFile(fn.resolve("requirements.txt")));
    assertTrue(Files.isRegularFile(fn.resolve(".platignore")));
    assertTrue(Files.isRegularFile(fn.resolve("lib/helpers.py")));
    JsonNode manifest = JsonTrees.parseObject(Files.readAllBytes(fn.resolve("plat.json")), "plat.json");
    assertEquals(JsonTrees.parseObject("{\"name\":\"my-fn\",\"runtime\":\"py-test\"}".getBytes(), "x"), manifest);
    assertTrue(r.out().contains("cd my-fn && plat deploy"), r.toString());
  }

  @Test
  void keepsTheTemplatesOwnManifestKeysButSetsNameAndRuntime() throws IOException {
    assertEquals(0, cli.run("init", "-r", "js-test", "web").exit());
    JsonNode manifest = JsonTrees.parseObject(Files.readAllBytes(tmp.resolve("work/web/plat.json")), "plat.json");
    assertEquals("web", manifest.path("name").asText());
    assertEquals("js-test", manifest.path("runtime").asText());
    assertEquals(64, manifest.path("limits").path("memoryMb").asInt());
  }

  @Test
  void dotUsesTheCurrentEmptyFolderAndItsName() throws IOException {
    Files.createDirectories(tmp.resolve("work"));
    CliRun here = new CliRun(cli.home, tmp.resolve("work"));
    here.env.putAll(cli.env);
    CliRun.Result r = here.run("init", "--runtime", "py-test", ".");
    assertEquals(0, r.exit(), r.toString());
    JsonNode manifest = JsonTrees.parseObject(Files.readAllBytes(tmp.resolve("work/plat.json")), "plat.json");
    assertEquals("work", manifest.path("name").asText());
  }

  @Test
  void refusesABadName() {
    CliRun.Result r = cli.run("init", "--runtime", "py-test", "My_Fn");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().startsWith("plat: bad function name 'My_Fn'"), r.err());
    assertFalse(Files.exists(tmp.resolve("work/My_Fn")));
  }

  @Test
  void refusesAnUnknownRuntimeAndListsTheKnownOnes() {
    CliRun.Result r = cli.run("init", "--runtime", "cobol", "my-fn");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("unknown runtime 'cobol'"), r.err());
    assertTrue(r.err().contains("js-test, py-test"), r.err());
    assertFalse(Files.exists(tmp.resolve("work/my-fn")));
  }

  @Test
  void refusesAnExistingNonEmptyFolder() throws IOException {
    FunctionZipperTest.write(tmp.resolve("work"), "my-fn/mine.txt", "do not touch");
    CliRun.Result r = cli.run("init", "--runtime", "py-test", "my-fn");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("not empty"), r.err());
    assertFalse(Files.exists(tmp.resolve("work/my-fn/handler.py")));
  }

  @Test
  void theRuntimesDirFlagWinsOverPlatHome() throws IOException {
    FunctionZipperTest.write(tmp, "other/go-test/runtime.json", "{}");
    FunctionZipperTest.write(tmp, "other/go-test/template/main.go", "package main\n");
    CliRun.Result r = cli.run("init", "--runtime", "go-test", "--runtimes-dir", tmp.resolve("other").toString(), "g");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(Files.isRegularFile(tmp.resolve("work/g/main.go")));
  }

  @Test
  void withoutANameItCreatesMyFunctionAsTheQuickStartExpects() throws IOException {
    CliRun.Result r = cli.run("init", "--runtime", "py-test");

    assertEquals(0, r.exit(), r.toString());
    Path fn = tmp.resolve("work/my-function");
    assertTrue(Files.isRegularFile(fn.resolve("handler.py")), r.toString());
    JsonNode manifest = JsonTrees.parseObject(Files.readAllBytes(fn.resolve("plat.json")), "plat.json");
    assertEquals("my-function", manifest.path("name").asText());
    assertTrue(r.out().contains("cd my-function && plat deploy"), r.toString());
  }

  @Test
  void aMissingRuntimeOffATerminalIsAUsageErrorNamingTheChoices() {
    CliRun.Result r = cli.run("init", "my-fn");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--runtime: js-test, py-test"), r.err());
    assertFalse(Files.exists(tmp.resolve("work/my-fn")));
  }

  @Test
  void aMissingRuntimeOnATerminalIsAskedForByNumber() throws IOException {
    cli.interactive = true;
    cli.stdin = new ByteArrayInputStream("2\n".getBytes(StandardCharsets.UTF_8));
    CliRun.Result r = cli.run("init");

    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("1) js-test"), r.err());
    assertTrue(r.err().contains("2) py-test"), r.err());
    JsonNode manifest = JsonTrees.parseObject(Files.readAllBytes(tmp.resolve("work/my-function/plat.json")), "plat.json");
    assertEquals("py-test", manifest.path("runtime").asText());
  }

  @Test
  void aMissingRuntimeOnATerminalIsAskedForByName() throws IOException {
    cli.interactive = true;
    cli.stdin = new ByteArrayInputStream("js-test\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, cli.run("init", "web").exit());
    assertTrue(Files.isRegularFile(tmp.resolve("work/web/index.js")));
  }

  @Test
  void noAnswerOnATerminalCreatesNothing() {
    cli.interactive = true;
    CliRun.Result r = cli.run("init");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("no runtime chosen"), r.err());
    assertFalse(Files.exists(tmp.resolve("work/my-function")));
  }
}
