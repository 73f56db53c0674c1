package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir
  Path dir;

  private PlatConfig load(String name, String content) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    return PlatConfig.load(new String[] {"--data-dir", dir.toString(), "--config", file.toString()}, Map.of());
  }

  private String failure(String name, String content) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    return assertThrows(ConfigException.class, () -> PlatConfig.load(
      new String[] {"--data-dir", dir.toString(), "--config", file.toString()}, Map.of())).getMessage();
  }

  @Test
  void readsEveryKindOfValueFromYaml() throws IOException {
    PlatConfig config = load("plat.yaml", """
      # a comment
      nodeId: node-a
      roles: [gateway, proxy]
      httpPort: 9000
      clusterMembers:
        - 127.0.0.1:5801
        - 127.0.0.1:5802
      authToken: s3cret
      """);
    assertEquals("node-a", config.nodeId());
    assertEquals(EnumSet.of(Role.GATEWAY, Role.PROXY), config.roles());
    assertEquals(9000, config.httpPort());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), config.clusterMembers());
    assertEquals("s3cret", config.authToken());
  }

  @Test
  void readsEveryKindOfValueFromJson() throws IOException {
    PlatConfig config = load("plat.json", """
      {"nodeId": "node-b", "roles": ["builder"], "httpPort": 9001, "clusterMembers": "127.0.0.1:5801",
       "baseDomain": "example.test"}
      """);
    assertEquals("node-b", config.nodeId());
    assertEquals(EnumSet.of(Role.BUILDER), config.roles());
    assertEquals(9001, config.httpPort());
    assertEquals(List.of("127.0.0.1:5801"), config.clusterMembers());
    assertEquals("example.test", config.baseDomain());
  }

  @Test
  void acceptsAnEmptyYamlFile() throws IOException {
    assertEquals(8080, load("plat.yml", "").httpPort());
  }

  @Test
  void rejectsAnUnknownKeySuggestingTheClosestOne() throws IOException {
    assertEquals("unknown key 'htpPort' in " + dir.resolve("plat.yaml") + " (did you mean httpPort?)",
      failure("plat.yaml", "htpPort: 80\n"));
  }

  @Test
  void rejectsAnEnvironmentNameUsedAsAKeySuggestingTheKey() throws IOException {
    assertEquals("unknown key 'PLAT_HTTP_PORT' in " + dir.resolve("plat.json") + " (did you mean httpPort?)",
      failure("plat.json", "{\"PLAT_HTTP_PORT\": 80}"));
  }

  @Test
  void rejectsAnUnknownKeyListingTheKnownOnesWhenNoneIsClose() throws IOException {
    String message = failure("plat.yaml", "colour: blue\n");
    assertTrue(message.startsWith("unknown key 'colour' in " + dir.resolve("plat.yaml")
      + "; known keys: dataDir, nodeId, roles,"), message);
  }

  @Test
  void namesTheFileAsTheSourceOfABadValue() throws IOException {
    assertEquals("httpPort must be 0-65535 (0: a free port), got 'eighty' (from " + dir.resolve("plat.yaml") + ")",
      failure("plat.yaml", "httpPort: eighty\n"));
  }

  @Test
  void rejectsAMappingWhereAValueBelongs() throws IOException {
    assertEquals("httpHost must be an IPv4 address or a host name, got a mapping (from "
      + dir.resolve("plat.yaml") + ")", failure("plat.yaml", "httpHost:\n  ip: 127.0.0.1\n"));
  }

  @Test
  void rejectsAKeyWithoutAValue() throws IOException {
    assertEquals("authToken has no value (in " + dir.resolve("plat.yaml") + ")", failure("plat.yaml", "authToken:\n"));
  }

  @Test
  void rejectsTheConfigKeyInsideAFile() throws IOException {
    assertEquals("config cannot be set inside a configuration file (in " + dir.resolve("plat.yaml")
      + "); use --config or PLAT_CONFIG", failure("plat.yaml", "config: other.yaml\n"));
  }

  @Test
  void reportsBrokenYaml() throws IOException {
    String message = failure("plat.yaml", "httpPort: [1,\n");
    assertTrue(message.startsWith("cannot parse " + dir.resolve("plat.yaml") + " as YAML: "), message);
  }

  @Test
  void reportsBrokenJson() throws IOException {
    String message = failure("plat.json", "{\"httpPort\": ");
    assertTrue(message.startsWith("cannot parse " + dir.resolve("plat.json") + " as a JSON object: "), message);
  }

  @Test
  void rejectsAFileThatIsNotAMapping() throws IOException {
    assertEquals("configuration file " + dir.resolve("plat.yaml") + " must hold a mapping of keys to values",
      failure("plat.yaml", "- httpPort\n"));
    String message = failure("plat.json", "[1, 2]");
    assertTrue(message.startsWith("cannot parse " + dir.resolve("plat.json") + " as a JSON object"), message);
  }

  @Test
  void rejectsAnUnknownExtension() throws IOException {
    assertEquals("configuration file " + dir.resolve("plat.toml") + " must end in .yaml, .yml or .json",
      failure("plat.toml", "httpPort = 1\n"));
  }

  @Test
  void reportsAMissingExplicitFile() {
    Path missing = dir.resolve("missing.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> PlatConfig.load(
      new String[] {"--data-dir", dir.toString()}, Map.of("PLAT_CONFIG", missing.toString())));
    assertEquals("cannot read configuration file " + missing + ": no such file", e.getMessage());
  }

  @Test
  void refusesToChooseBetweenPlatYamlAndPlatJson() throws IOException {
    Files.writeString(dir.resolve("plat.yaml"), "httpPort: 1\n");
    Files.writeString(dir.resolve("plat.json"), "{}");
    ConfigException e = assertThrows(ConfigException.class,
      () -> PlatConfig.load(new String[] {"--data-dir", dir.toString()}, Map.of()));
    assertEquals("both " + dir.resolve("plat.yaml") + " and " + dir.resolve("plat.json")
      + " exist; keep one, or choose with --config FILE", e.getMessage());
  }

  @Test
  void doesNotRunYamlTags() throws IOException {
    String message = failure("plat.yaml", "httpPort: !!javax.script.ScriptEngineManager [1]\n");
    assertTrue(message.startsWith("cannot parse " + dir.resolve("plat.yaml") + " as YAML: "), message);
  }
}
