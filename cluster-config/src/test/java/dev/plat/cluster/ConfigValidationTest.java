package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidationTest {
  @TempDir
  Path dir;

  private ConfigException failure(String[] args, Map<String, String> env) {
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return assertThrows(ConfigException.class, () -> PlatConfig.load(all, env));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = ';', value = {
    "PLAT_HTTP_PORT;abc;httpPort must be 0-65535 (0: a free port), got 'abc' (from PLAT_HTTP_PORT)",
    "PLAT_PROXY_PORT;-1;proxyPort must be 0-65535 (0: a free port), got '-1' (from PLAT_PROXY_PORT)",
    "PLAT_CLUSTER_PORT;65536;clusterPort must be 0-65535 (0: a free port), got '65536' (from PLAT_CLUSTER_PORT)",
    "PLAT_NODE_ID;Node_1;nodeId must be a DNS label (a-z, 0-9 and '-', at most 63, no '-' at either end), got 'Node_1' (from PLAT_NODE_ID)",
    "PLAT_NODE_ID;-a;nodeId must be a DNS label (a-z, 0-9 and '-', at most 63, no '-' at either end), got '-a' (from PLAT_NODE_ID)",
    "PLAT_ROLES;gateway,cook;roles must be a comma-separated subset of gateway,controller,proxy,builder, got 'gateway,cook' (from PLAT_ROLES)",
    "PLAT_ROLES;, ,;roles must be a comma-separated subset of gateway,controller,proxy,builder, got ', ,' (from PLAT_ROLES)",
    "PLAT_HTTP_HOST;bad host;httpHost must be an IPv4 address or a host name, got 'bad host' (from PLAT_HTTP_HOST)",
    "PLAT_CLUSTER_HOST;localhost;clusterHost must be an IPv4 address such as 127.0.0.1, got 'localhost' (from PLAT_CLUSTER_HOST)",
    "PLAT_CLUSTER_HOST;127.0.0.256;clusterHost must be an IPv4 address such as 127.0.0.1, got '127.0.0.256' (from PLAT_CLUSTER_HOST)",
    "PLAT_CLUSTER_MEMBERS;127.0.0.1;clusterMembers must be a comma-separated list of host:port (empty for a single member), got '127.0.0.1' (from PLAT_CLUSTER_MEMBERS)",
    "PLAT_CLUSTER_MEMBERS;127.0.0.1:5701,127.0.0.1:x;clusterMembers must be a comma-separated list of host:port (empty for a single member), got '127.0.0.1:5701,127.0.0.1:x' (from PLAT_CLUSTER_MEMBERS)",
    "PLAT_ROUTE_LEASE_SECONDS;2;routeLeaseSeconds must be a whole number of seconds >= 3, got '2' (from PLAT_ROUTE_LEASE_SECONDS)",
    "PLAT_CLUSTER_NAME;my cluster;clusterName must be a name of letters, digits, '.', '_' or '-', got 'my cluster' (from PLAT_CLUSTER_NAME)",
    "DOCKER_HOST;http://127.0.0.1:2375;dockerHost must be unix:///path/to/docker.sock or tcp://host:port, got 'http://127.0.0.1:2375' (from DOCKER_HOST)",
    "DOCKER_HOST;unix://docker.sock;dockerHost must be unix:///path/to/docker.sock or tcp://host:port, got 'unix://docker.sock' (from DOCKER_HOST)",
    "PLAT_REGISTRY;http://127.0.0.1:5000;registry must be host or host:port, e.g. 127.0.0.1:5000, got 'http://127.0.0.1:5000' (from PLAT_REGISTRY)",
    "AUTH_TOKEN;two words;authToken must be a non-empty string without spaces, got a hidden value of 9 characters (from AUTH_TOKEN)",
    "PLAT_BASE_DOMAIN;Platform..test;baseDomain must be a lower-case DNS name such as platform.test, got 'Platform..test' (from PLAT_BASE_DOMAIN)",
    "PLAT_BUILD_NETWORK;-net;buildNetwork must be a name of letters, digits, '.', '_' or '-', got '-net' (from PLAT_BUILD_NETWORK)",
    "PLAT_SECRETS_TMPFS_DIR;shm;secretsTmpfsDir must be an absolute path or empty, got 'shm' (from PLAT_SECRETS_TMPFS_DIR)",
    "PLAT_SECRETS_TMPFS_DIR;~/shm;secretsTmpfsDir must be an absolute path or empty, got '~/shm' (from PLAT_SECRETS_TMPFS_DIR)",
  })
  void rejectsABadEnvironmentValueNamingKeyRuleValueAndSource(String env, String value, String message) {
    assertEquals(message, failure(new String[0], Map.of(env, value)).getMessage());
  }

  @Test
  void wantsTlsCertAndTlsKeyTogether() {
    assertEquals("tlsCert and tlsKey go together: set both (PEM files) or neither (plain HTTP), got only tlsCert (from --tls-cert)",
      failure(new String[] {"--tls-cert", "/etc/plat/cert.pem"}, Map.of()).getMessage());
    assertEquals("tlsCert and tlsKey go together: set both (PEM files) or neither (plain HTTP), got only tlsKey (from PLAT_TLS_KEY)",
      failure(new String[0], Map.of("PLAT_TLS_KEY", "/etc/plat/key.pem")).getMessage());
    PlatConfig both = PlatConfig.load(new String[] {"--data-dir", dir.toString(), "--tls-cert", "/c.pem", "--tls-key", "/k.pem"},
      Map.of());
    assertEquals(Path.of("/c.pem"), both.getPath(ConfigKey.TLS_CERT));
  }

  @Test
  void wantsTlsForTheRedirectPort() {
    assertEquals("httpRedirectPort redirects to HTTPS and needs tlsCert and tlsKey (from --http-redirect-port)",
      failure(new String[] {"--http-redirect-port", "8000"}, Map.of()).getMessage());
  }

  @Test
  void wantsTlsForTheCertificateFolder() {
    assertEquals("tlsCertDir adds certificates to tlsCert and needs tlsCert and tlsKey (from PLAT_TLS_CERT_DIR)",
      failure(new String[0], Map.of("PLAT_TLS_CERT_DIR", "/etc/plat/domains")).getMessage());
  }

  @Test
  void namesTheFlagAsTheSourceOfABadFlagValue() {
    assertEquals("httpPort must be 0-65535 (0: a free port), got '80x' (from --http-port)",
      failure(new String[] {"--http-port", "80x"}, Map.of()).getMessage());
  }

  @Test
  void apiHostsAreHostNamesOrAddressesInLowerCaseAndDefaultToTheLoopbackNamesAndTheHostName() {
    PlatConfig config = PlatConfig.load(new String[] {"--api-hosts", "Plat.Example.com, 10.0.0.5,::1"}, Map.of());
    assertEquals(List.of("plat.example.com", "10.0.0.5", "::1"), config.getList(ConfigKey.API_HOSTS));
    assertEquals("apiHosts must be a comma-separated list of host names or IP addresses (empty for none), got 'a b' "
      + "(from --api-hosts)", failure(new String[] {"--api-hosts", "a b"}, Map.of()).getMessage());
    assertEquals(List.of("localhost", "127.0.0.1", "::1", "box.example.com", "box"),
      PlatConfig.load(new String[0], Map.of("HOSTNAME", "Box.example.com")).getList(ConfigKey.API_HOSTS));
  }

  @Test
  void rejectsAnEmptyDataDir() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> PlatConfig.load(new String[] {"--data-dir="}, Map.of()));
    assertEquals("dataDir must be a path, got '' (from --data-dir)", e.getMessage());
  }

  @Test
  void reportsEveryBadValueAtOnceInKeyOrder() {
    ConfigException e = failure(new String[] {"--cluster-port", "x"}, Map.of("PLAT_HTTP_PORT", "y"));
    assertEquals(List.of("httpPort must be 0-65535 (0: a free port), got 'y' (from PLAT_HTTP_PORT)",
      "clusterPort must be 0-65535 (0: a free port), got 'x' (from --cluster-port)"), e.problems());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
  }

  @Test
  void takesPort0ForAFreePortOnEveryListener() {
    PlatConfig config = PlatConfig.load(new String[] {"--http-port", "0", "--proxy-port=0"}, Map.of("PLAT_CLUSTER_PORT", "0"));
    assertEquals(List.of(0, 0, 0), List.of(config.httpPort(), config.proxyPort(), config.clusterPort()));
    PlatConfig bound = config.withBoundPort(ConfigKey.HTTP_PORT, 41234);
    assertEquals(41234, bound.httpPort());
    assertEquals("bound", bound.source(ConfigKey.HTTP_PORT));
    assertEquals(0, config.httpPort(), "the configuration read stays as it was");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
      () -> config.withBoundPort(ConfigKey.NODE_ID, 1));
  }

  @Test
  void rejectsTheSamePortForTwoListeners() {
    assertEquals("httpPort and proxyPort must differ, both are 9000 (from --http-port and PLAT_PROXY_PORT)",
      failure(new String[] {"--http-port", "9000"}, Map.of("PLAT_PROXY_PORT", "9000")).getMessage());
  }

  @Test
  void rejectsAnUnknownFlagSuggestingTheClosestOne() {
    assertEquals("unknown flag '--htp-port' (did you mean --http-port?)",
      failure(new String[] {"--htp-port", "1"}, Map.of()).getMessage());
  }

  @Test
  void rejectsAnUnknownFlagListingTheKnownOnesWhenNoneIsClose() {
    String message = failure(new String[] {"--verbose"}, Map.of()).getMessage();
    assertTrue(message.startsWith("unknown flag '--verbose'; known flags: --config, --data-dir, --node-id"), message);
  }

  @Test
  void rejectsAFlagWithoutItsValue() {
    assertEquals("flag --http-port needs a value", failure(new String[] {"--http-port"}, Map.of()).getMessage());
    assertEquals("flag --node-id needs a value",
      failure(new String[] {"--node-id", "--http-port", "1"}, Map.of()).getMessage());
  }

  @Test
  void rejectsAPositionalArgument() {
    assertEquals("unexpected argument 'up': flags look like --http-port 8080 or --http-port=8080",
      failure(new String[] {"up"}, Map.of()).getMessage());
  }

  @Test
  void rejectsAFlagGivenTwice() {
    assertEquals("flag --http-port is given more than once",
      failure(new String[] {"--http-port", "1", "--http-port=2"}, Map.of()).getMessage());
  }

  @Test
  void acceptsTheBoundaryPorts() {
    PlatConfig config = PlatConfig.load(new String[] {"--data-dir", dir.toString(), "--http-port", "1",
      "--proxy-port", "65535"}, Map.of());
    assertEquals(1, config.httpPort());
    assertEquals(65535, config.proxyPort());
  }

  @Test
  void ignoresEnvironmentVariablesItDoesNotKnow() {
    PlatConfig config = PlatConfig.load(new String[] {"--data-dir", dir.toString()},
      Map.of("PLAT_SOCKET", "/run/plat/fn.sock", "PLAT_REQUIRE_DOCKER", "1"));
    assertEquals(8080, config.httpPort());
  }
}
