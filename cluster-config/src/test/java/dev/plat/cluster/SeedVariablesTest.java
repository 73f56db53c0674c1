package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started with BUILDER_URL, CONTROLLER_URL or PROXY_URL is told once what replaces each. */
class SeedVariablesTest {
  @TempDir
  Path dir;

  private PlatConfig load(Map<String, String> env) {
    return PlatConfig.load(new String[] {"--data-dir", dir.toString()}, env);
  }

  @Test
  void saysOnceWhatReplacesEachServiceUrl() {
    List<String> notices = load(Map.of("BUILDER_URL", "http://b:8081", "CONTROLLER_URL", "http://c:8082",
      "PROXY_URL", "http://p:8083", "API_URL", "http://g:8080", "AUTH_TOKEN", "secret-token")).notices();
    assertEquals(3, notices.size(), notices.toString());
    assertTrue(notices.get(0).startsWith("BUILDER_URL is ignored: ") && notices.get(0).contains("--roles builder"),
      notices.get(0));
    assertTrue(notices.get(1).startsWith("CONTROLLER_URL is ignored: ") && notices.get(1).contains("--roles controller"),
      notices.get(1));
    assertTrue(notices.get(2).startsWith("PROXY_URL is ignored: ") && notices.get(2).contains("--roles proxy"),
      notices.get(2));
    notices.forEach(n -> assertTrue(n.contains("clusterMembers"), n));
  }

  @Test
  void saysNothingWithoutThemAndKeepsTheNoticesThroughTheClusterSecret() {
    assertEquals(List.of(), load(Map.of("API_URL", "http://g:8080", "BUILDER_URL", "")).notices());
    PlatConfig withSecret = ClusterSecret.resolve(load(Map.of("PROXY_URL", "http://p:8083")));
    assertEquals(1, withSecret.notices().size());
  }
}
