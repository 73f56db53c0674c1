package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatConfigPrecedenceTest {
  @TempDir
  Path dir;

  private String[] args(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  @Test
  void usesTheDocumentedDefaultsWhenNothingIsSet() {
    PlatConfig config = PlatConfig.load(args(), Map.of("HOSTNAME", "box"));
    assertEquals("node-box", config.nodeId());
    assertEquals(EnumSet.allOf(Role.class), config.roles());
    assertEquals("127.0.0.1", config.httpHost());
    assertEquals(8080, config.httpPort());
    assertEquals(8081, config.proxyPort());
    assertEquals("127.0.0.1", config.clusterHost());
    assertEquals(5701, config.clusterPort());
    assertEquals(List.of(), config.clusterMembers());
    assertEquals("plat", config.clusterName());
    assertEquals("unix:///var/run/docker.sock", config.dockerHost());
    assertEquals("127.0.0.1:5000", config.registry());
    assertEquals("dev-token", config.authToken());
    assertEquals("platform.test", config.baseDomain());
    assertEquals("none", config.buildNetwork());
    assertNull(config.configFile());
    assertEquals("default", config.source(ConfigKey.HTTP_PORT));
  }

  @Test
  void dataDirDefaultsToDotPlatInTheHomeDirectory() {
    String home = System.getProperty("user.home");
    System.setProperty("user.home", dir.toString());
    try {
      PlatConfig config = PlatConfig.load(new String[0], Map.of());
      assertEquals(dir.resolve(".plat"), config.dataDir());
    } finally {
      System.setProperty("user.home", home);
    }
  }

  @Test
  void fileOverridesDefaultsEnvOverridesFileAndFlagsOverrideEnv() throws IOException {
    Files.writeString(dir.resolve("plat.yaml"), """
      httpPort: 1001
      proxyPort: 2001
      clusterPort: 3001
      registry: file.example:5000
      """);
    Map<String, String> env = Map.of("PLAT_PROXY_PORT", "2002", "PLAT_CLUSTER_PORT", "3002",
      "PLAT_REGISTRY", "env.example:5000");
    PlatConfig config = PlatConfig.load(args("--registry", "flag.example:5000"), env);

    assertEquals(1001, config.httpPort());
    assertEquals(2002, config.proxyPort());
    assertEquals(3002, config.clusterPort());
    assertEquals("flag.example:5000", config.registry());
    assertEquals(dir.resolve("plat.yaml").toString(), config.source(ConfigKey.HTTP_PORT));
    assertEquals("PLAT_PROXY_PORT", config.source(ConfigKey.PROXY_PORT));
    assertEquals("--registry", config.source(ConfigKey.REGISTRY));
    assertEquals("default", config.source(ConfigKey.CLUSTER_NAME));
    assertEquals(dir.resolve("plat.yaml"), config.configFile());
  }

  @Test
  void anExplicitConfigFileWinsOverTheOneInTheDataDir() throws IOException {
    Files.writeString(dir.resolve("plat.yaml"), "httpPort: 1001\n");
    Path other = Files.writeString(dir.resolve("other.json"), "{\"httpPort\": 1002}");
    assertEquals(1002, PlatConfig.load(args("--config", other.toString()), Map.of()).httpPort());
    assertEquals(1002, PlatConfig.load(args(), Map.of("PLAT_CONFIG", other.toString())).httpPort());
  }

  @Test
  void theConfigFlagWinsOverPlatConfig() throws IOException {
    Path a = Files.writeString(dir.resolve("a.yaml"), "httpPort: 1001\n");
    Path b = Files.writeString(dir.resolve("b.yaml"), "httpPort: 1002\n");
    PlatConfig config = PlatConfig.load(args("--config=" + b), Map.of("PLAT_CONFIG", a.toString()));
    assertEquals(1002, config.httpPort());
    assertEquals("--config", config.source(ConfigKey.CONFIG));
  }

  @Test
  void theDataDirFromTheEnvironmentIsWhereTheFileIsLookedFor() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.writeString(data.resolve("plat.json"), "{\"clusterName\": \"from-json\"}");
    PlatConfig config = PlatConfig.load(new String[0], Map.of("PLAT_DATA_DIR", data.toString()));
    assertEquals("from-json", config.clusterName());
    assertEquals(data, config.dataDir());
  }

  @Test
  void anEmptyEnvironmentVariableCountsAsUnset() {
    PlatConfig config = PlatConfig.load(args(), Map.of("PLAT_HTTP_PORT", "", "DOCKER_HOST", ""));
    assertEquals(8080, config.httpPort());
    assertEquals("unix:///var/run/docker.sock", config.dockerHost());
  }

  @Test
  void flagsTakeTheValueAfterThemOrAfterAnEqualsSign() {
    PlatConfig config = PlatConfig.load(args("--http-port", "9000", "--proxy-port=9001",
      "--cluster-members", "127.0.0.1:5801, 127.0.0.1:5802", "--roles=proxy,gateway"), Map.of());
    assertEquals(9000, config.httpPort());
    assertEquals(9001, config.proxyPort());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), config.clusterMembers());
    assertEquals(EnumSet.of(Role.GATEWAY, Role.PROXY), config.roles());
    assertTrue(config.hasRole(Role.PROXY));
  }

  @Test
  void aTildeInAPathIsTheHomeDirectory() {
    PlatConfig config = PlatConfig.load(new String[] {"--data-dir", "~/plat-test-data"}, Map.of());
    assertEquals(Path.of(System.getProperty("user.home"), "plat-test-data"), config.dataDir());
  }

  @Test
  void theDefaultNodeIdIsTheShortHostNameMadeIntoADnsLabel() {
    assertEquals("node-web-1", PlatConfig.load(args(), Map.of("HOSTNAME", "Web_1.example.com")).nodeId());
    String derived = PlatConfig.load(args(), Map.of()).nodeId();
    assertTrue(derived.matches("node-[a-z0-9-]+"), derived);
  }

  @Test
  void ofAppliesGivenValuesOverDefaultsWithoutReadingAnyFile() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.HTTP_PORT, "9090", ConfigKey.NODE_ID, "n1"));
    assertEquals(9090, config.httpPort());
    assertEquals("given", config.source(ConfigKey.HTTP_PORT));
    assertEquals(8081, config.getInt(ConfigKey.PROXY_PORT));
    assertNull(config.configFile());
  }
}
