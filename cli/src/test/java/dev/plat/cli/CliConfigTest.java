package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
  @TempDir
  Path home;
  final Map<String, String> env = new HashMap<>();

  CliConfig resolve(String flagUrl, String flagToken) {
    return CliConfig.resolve(flagUrl, flagToken, new CliContext(System.out, System.err, System.in, env, home, home, false));
  }

  void configFile(String json) throws IOException {
    FunctionZipperTest.write(home, ".plat/cli.json", json);
  }

  @Test
  void defaultsWhenNothingIsSet() {
    CliConfig config = resolve(null, null);
    assertEquals("http://127.0.0.1:8080", config.apiUrl().toString());
    assertEquals("dev-token", config.token());
  }

  @Test
  void theConfigFileBeatsTheDefaults() throws IOException {
    configFile("{\"apiUrl\":\"http://file:1/\",\"token\":\"file-token\"}");
    CliConfig config = resolve(null, null);
    assertEquals("http://file:1", config.apiUrl().toString());
    assertEquals("file-token", config.token());
  }

  @Test
  void theEnvironmentBeatsTheConfigFile() throws IOException {
    configFile("{\"apiUrl\":\"http://file:1\",\"token\":\"file-token\"}");
    env.put("API_URL", "http://env:2");
    env.put("AUTH_TOKEN", "env-token");
    CliConfig config = resolve(null, null);
    assertEquals("http://env:2", config.apiUrl().toString());
    assertEquals("env-token", config.token());
  }

  @Test
  void flagsBeatEverything() throws IOException {
    configFile("{\"apiUrl\":\"http://file:1\",\"token\":\"file-token\"}");
    env.put("API_URL", "http://env:2");
    env.put("AUTH_TOKEN", "env-token");
    CliConfig config = resolve("https://flag:3/base", "flag-token");
    assertEquals("https://flag:3/base", config.apiUrl().toString());
    assertEquals("flag-token", config.token());
  }

  @Test
  void aBadUrlIsAUsageErrorNamingItsSource() {
    env.put("API_URL", "localhost:8080");
    CliException e = assertThrows(CliException.class, () -> resolve(null, null));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().contains("(from API_URL)"), e.getMessage());
  }

  @Test
  void saysOnceForEachIgnoredServiceUrlWhatReplacesIt() {
    env.put("BUILDER_URL", "http://b:1");
    env.put("PROXY_URL", "http://p:3");
    env.put("API_URL", "http://env:2");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    CliConfig config = CliConfig.resolve(null, null,
      new CliContext(System.out, new java.io.PrintStream(err, true), System.in, env, home, home, false));
    assertEquals("http://env:2", config.apiUrl().toString());
    String[] lines = err.toString().split("\n");
    assertEquals(2, lines.length, err.toString());
    assertTrue(lines[0].startsWith("plat: BUILDER_URL is ignored: plat talks only to the gateway (API_URL")
      && lines[0].contains("--roles builder"), lines[0]);
    assertTrue(lines[1].startsWith("plat: PROXY_URL is ignored: ") && lines[1].contains("--roles proxy"), lines[1]);
  }

  @Test
  void aBrokenConfigFileIsAUsageError() throws IOException {
    configFile("{not json");
    CliException e = assertThrows(CliException.class, () -> resolve(null, null));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().contains("cli.json"), e.getMessage());
  }
}
