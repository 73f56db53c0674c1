package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.TestCertificates;
import dev.plat.node.dashboard.Browser;
import dev.plat.node.dashboard.DashboardNode;
import dev.plat.node.dashboard.Zips;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The dashboard over HTTPS in headless Chromium: a real node serving HTTPS only with a self-signed
 * certificate (which Chromium trusts by its SPKI pin, that certificate alone), the page loaded over
 * HTTP/2 (ALPN), sign-in, the live event WebSocket on {@code wss:} to the same port, and changes made
 * through the API (a deploy, a stop) pushed to the page without a reload. The functions' public URLs
 * the page links to are {@code https:}. Each step goes to the functions list by the page's own link
 * rather than relying on the screen the step before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardHttpsIT {
  private static final String NODE_ID = "dashboard-https-it";
  private static final Duration BUILD_AND_START = Duration.ofSeconds(180);
  private static final Duration PUSHED = Duration.ofSeconds(10);

  private final String name = "dash-tls-" + UUID.randomUUID().toString().substring(0, 6);
  private DashboardNode node;
  private Browser browser;

  @TempDir
  static Path tmp;

  /** On a failed step: a screenshot, the page's text and the node's output. */
  @RegisterExtension
  final TestWatcher onFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      String step = context.getRequiredTestMethod().getName();
      try {
        if (browser != null) {
          browser.screenshot("FAILED-https-" + step);
          System.err.println("page of failed step " + step + ":\n" + browser.find("body").getText());
        }
      } catch (Exception e) {
        System.err.println("no screenshot of " + step + ": " + e);
      }
      if (node != null) {
        System.err.println("node output:\n" + node.logs());
      }
    }
  };

  @BeforeAll
  void start() throws Exception {
    Browser.requireChromium();
    DockerCheck.requireDocker();
    TestCertificates.Pair tls = TestCertificates.selfSigned(tmp.resolve("tls"), "plat-dashboard");
    node = new DashboardNode(Files.createDirectories(tmp.resolve("data")), NODE_ID, tls);
    node.start();
    browser = Browser.open(Files.createDirectories(tmp.resolve("chromium-profile")), Path.of("target", "screenshots"),
      "--ignore-certificate-errors-spki-list=" + TestCertificates.spkiSha256(tls.cert()));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (node != null) {
        node.send("DELETE", "/api/functions/" + name + "?image=true");
      }
    } catch (Exception ignored) {
      // the node may be down after a failed step; its containers carry Plat labels
    } finally {
      if (browser != null) {
        browser.close();
      }
      if (node != null) {
        node.close();
        NodeProcess.removePool(NODE_ID, false);
      }
    }
  }

  @Test
  @Order(1)
  void thePageLoadsOverHttp2AndSignsInWithItsEventsOnWss() throws Exception {
    assertTrue(node.baseUrl().startsWith("https://"), node.baseUrl());
    browser.get(node.baseUrl() + "/");
    browser.visible("#token");
    assertEquals("https:", browser.js("return location.protocol"));
    assertEquals("h2", browser.js("return performance.getEntriesByType('navigation')[0].nextHopProtocol"),
      "the page comes over HTTP/2, negotiated by ALPN");
    // every WebSocket the page opens, by URL
    browser.js("window.__sockets = []; window.WebSocket = new Proxy(window.WebSocket, {construct(target, args) {"
      + " window.__sockets.push(String(args[0])); return new target(...args); }});");

    browser.find("#token").sendKeys(DashboardNode.TOKEN + Keys.ENTER);
    browser.visible("#empty-functions");
    browser.textContains("#conn", "Live", Duration.ofSeconds(20));
    @SuppressWarnings("unchecked")
    List<String> sockets = (List<String>) browser.js("return window.__sockets");
    String events = node.baseUrl().replace("https://", "wss://") + "/api/events?";
    assertFalse(sockets.isEmpty(), "the page opened no WebSocket");
    assertTrue(sockets.stream().allMatch(s -> s.startsWith(events)), "sockets: " + sockets);
    browser.js("window.__platNoReload = true");
    browser.screenshot("https-01-signed-in");
  }

  @Test
  @Order(2)
  void aDeployThroughTheApiIsPushedToThePageUntilReadyWithAnHttpsUrl() throws Exception {
    browser.click("a[data-nav=functions]");
    HttpResponse<String> accepted = node.deploy(name, "python-flask", Zips.template("python-flask", tmp.resolve("fn.zip")));
    assertEquals(202, accepted.statusCode(), accepted::body);
    String rowCss = "tr[data-fn='" + name + "']";
    browser.await("the function's row ready", BUILD_AND_START, d -> "ready".equals(browser.js(
      "const r = document.querySelector(arguments[0]); return r && r.querySelector('.pill').getAttribute('data-state');",
      rowCss)));
    assertNoReload();
    // the row drawn from the pushed events gets its URL from the status the page reads right after
    String url = browser.await("the row's public URL", PUSHED, d -> (String) browser.js(
      "const a = document.querySelector(arguments[0] + ' a.url'); return a && a.getAttribute('href');", rowCss));
    assertEquals(node.baseUrl() + "/function/" + name, url, "the public URL the page links to");
    browser.screenshot("https-02-ready");
  }

  @Test
  @Order(3)
  void aStopThroughTheApiIsPushedToThePage() throws Exception {
    browser.click("a[data-nav=functions]");
    browser.visible("tr[data-fn='" + name + "']");
    assertEquals(200, node.send("POST", "/api/functions/" + name + "/stop").statusCode());
    browser.await("the stop to be pushed to the page", PUSHED,
      d -> !d.findElements(By.cssSelector("tr[data-fn='" + name + "'] .pill[data-state=stopped]")).isEmpty());
    assertNoReload();
    browser.screenshot("https-03-stopped");
  }

  private void assertNoReload() {
    assertEquals(Boolean.TRUE, browser.js("return window.__platNoReload === true"), "the page was reloaded");
  }
}
