package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.dashboard.Browser;
import dev.plat.node.dashboard.DashboardNode;
import dev.plat.node.dashboard.LocalImages;
import dev.plat.node.dashboard.Zips;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.WebElement;

/**
 * The dashboard as a person uses it, in headless Chromium against a real node (its own JVM) with
 * real builds and containers: sign in, deploy a zip and watch it become ready, invoke it from the
 * console, see a stop made elsewhere pushed over the WebSocket, change scaling and env (a change the
 * server refuses is rolled back), see a bad zip refused, see the versions after a second deploy and
 * roll back from the page, split the traffic between two versions from the page and end the split, see an asynchronous invocation and the schedule, create and rotate a
 * secret whose value never shows, see a secret in use refused deletion, use it on a narrow screen,
 * delete with confirmation, and ride out a gateway restart.
 * The steps run in order on one page that is never reloaded (a marker set on the window at sign-in
 * must still be there). Each step starts at the desktop size with no dialog open and goes to the
 * screen it needs by the page's own links, so a step that failed half-way leaves nothing the next
 * one depends on. Screenshots of each screen go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  private static final Duration BUILD_AND_START = Duration.ofSeconds(180);
  /** A push needs no reload and the page polls nothing, so this bounds a loaded machine, not a poll. */
  private static final Duration PUSHED = Duration.ofSeconds(30);
  /** The proxy publishes every second, the controller pushes metrics every 2 s. */
  private static final Duration METRICS_PUSHED = Duration.ofSeconds(15);

  private final String name = "dash-" + UUID.randomUUID().toString().substring(0, 6);
  /** A function deployed through the API while the page is open. */
  private final String other = "dash-" + UUID.randomUUID().toString().substring(0, 6);
  /** A secret created from the page, and its one value (which the page must never show). */
  private final String secret = "dash-" + UUID.randomUUID().toString().substring(0, 6);
  private final String secretValue = "s3cret-" + UUID.randomUUID();
  private DashboardNode node;
  private Browser browser;

  @TempDir
  static Path tmp;

  /** On a failed step: a screenshot, the page's text and the node's output, for the report. */
  @RegisterExtension
  final TestWatcher onFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      String step = context.getRequiredTestMethod().getName();
      try {
        if (browser != null) {
          browser.screenshot("FAILED-" + step);
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
    node = new DashboardNode(Files.createDirectories(tmp.resolve("data")));
    node.start();
    browser = Browser.open(Files.createDirectories(tmp.resolve("chromium-profile")), Path.of("target", "screenshots"));
  }

  /**
   * Every step starts from the same browser state, whatever the step before left: the desktop size
   * (the narrow step sets 390 px) and no modal dialog (which would block the clicks).
   */
  @BeforeEach
  void desktopAndNoDialog() {
    if (browser != null) {
      browser.size(1440, 960);
      browser.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())");
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (node != null) {
        node.send("DELETE", "/api/functions/" + name + "?image=true");
        node.send("DELETE", "/api/functions/" + other + "?image=true");
        node.send("DELETE", "/api/secrets/" + secret);
      }
    } catch (Exception ignored) {
      // the node may be down after a failed step; its containers carry Plat labels
    } finally {
      if (browser != null) {
        browser.close();
      }
      if (node != null) {
        node.close();
        NodeProcess.removePool("dashboard-it", false);
      }
    }
  }

  @Test
  @Order(1)
  void aWrongTokenShowsAClearMessageAndTheRightTokenSignsInWithEnterToAnEmptyList() throws Exception {
    browser.get(node.baseUrl() + "/");
    WebElement token = browser.visible("#token");
    token.sendKeys("not-the-token");
    browser.find("#signin-submit").click();
    browser.textContains("#signin-error", "token was not accepted", Duration.ofSeconds(10));
    assertEquals(null, browser.js("return sessionStorage.getItem('plat.token')"), "a refused token is not kept");
    browser.screenshot("01-sign-in-wrong-token");

    token.clear();
    token.sendKeys(DashboardNode.TOKEN + Keys.ENTER);
    browser.visible("#empty-functions");
    browser.textContains("#conn", "Live", Duration.ofSeconds(10));
    assertEquals(DashboardNode.TOKEN, browser.js("return sessionStorage.getItem('plat.token')"));
    assertEquals(0L, browser.js("return localStorage.length"), "the token stays out of localStorage");
    browser.js("window.__platNoReload = true");
    browser.screenshot("02-functions-empty");
  }

  @Test
  @Order(2)
  void deployingAZipStreamsTheBuildLogAndTheFunctionTurnsReadyWithoutReload() throws Exception {
    Path zip = Zips.template("python-flask", tmp.resolve("hello.zip"));
    browser.click("a[data-nav=deploy]");
    browser.visible("#deploy-name");
    browser.find("#deploy-file").sendKeys(zip.toString());
    assertEquals("hello", browser.find("#deploy-name").getAttribute("value"), "the name is suggested from the file");
    WebElement nameInput = browser.find("#deploy-name");
    nameInput.clear();
    nameInput.sendKeys(name);
    browser.click("#deploy-submit");

    browser.await("build log lines", d -> browser.find("#build-log").getText().length() > 20);
    browser.screenshot("03-deploy-build-log");
    browser.await("the deploy page's pill to say ready", BUILD_AND_START,
      d -> !d.findElements(By.cssSelector("#build-state [data-state=ready]")).isEmpty());
    browser.visible("#build-open");
    browser.screenshot("04-deploy-ready");

    browser.click("a[data-nav=functions]");
    String rowCss = "tr[data-fn='" + name + "']";
    browser.visible(rowCss);
    // one snapshot of the row, read in the page: each status event redraws it, so an element found
    // before a later read may be gone (StaleElementReferenceException)
    // status events redraw the row as they come (a clean-clone run once read it while it showed no
    // runtime yet): wait until one snapshot shows the whole state, then check it
    String script = "const r = document.querySelector(arguments[0]); return [r.querySelector('.pill')"
      + ".getAttribute('data-state'), r.querySelector('.chip').textContent.trim(), r.textContent].join('|');";
    String[] last = {""};
    browser.await("the row to show the function ready, with its runtime and version", BUILD_AND_START, d -> {
      last[0] = (String) browser.js(script, rowCss);
      String[] c = last[0].split("\\|", 3);
      return c.length == 3 && "ready".equals(c[0]) && "1 ready".equals(c[1]) && c[2].contains("python-flask")
        && c[2].contains("v1");
    });
    String row = last[0];
    String[] cells = row.split("\\|", 3);
    assertEquals("ready", cells[0], row);
    assertEquals("1 ready", cells[1], row);
    assertTrue(cells[2].contains("python-flask") && cells[2].contains("v1"), row);
    assertNoReload();
    assertEquals(java.util.List.of(), browser.js("return performance.getEntriesByType('resource')"
      + ".map(e => e.name).filter(n => !n.startsWith(location.origin))"), "everything comes from the gateway");
    browser.screenshot("05-functions");
  }

  @Test
  @Order(4)
  void theConsoleInvokesTheFunctionAndShowsStatusTimeAndBody() throws Exception {
    openFunction(name);
    WebElement path = browser.visible("#invoke-path");
    path.clear();
    path.sendKeys("/?name=dashboard");
    browser.click("#invoke-send");
    assertEquals("200", browser.textContains("#invoke-status", "200", Duration.ofSeconds(30)));
    browser.textContains("#invoke-response", "Hello, dashboard!", Duration.ofSeconds(5));
    assertTrue(browser.find("#invoke-time").getText().matches("\\d+ ms"), browser.find("#invoke-time").getText());
    browser.textContains("#fn-url", "/function/" + name, Duration.ofSeconds(5));
    browser.screenshot("06-function-detail");
    browser.js("document.getElementById('logs').scrollIntoView()");
    browser.textContains("#logs .log-state", "Following", Duration.ofSeconds(30));
    browser.screenshot("06b-function-logs");
    browser.js("window.scrollTo(0, 0)");

    // the invocation reaches the status' metrics (proxy -> controller -> status push), no reload
    browser.await("the detail page to show the invocation in requests/min and its p95", METRICS_PUSHED,
      d -> d.findElement(By.cssSelector("#fn-rpm")).getText().matches("[1-9]\\d*")
        && d.findElement(By.cssSelector("#fn-p95")).getText().matches("\\d+(\\.\\d)? ms"));
    browser.click("a[data-nav=functions]");
    browser.visible("tr[data-fn='" + name + "']");
    String cells = "tr[data-fn='" + name + "'] td[data-label='%s']";
    // the rows are drawn again on every change: each look finds the cells afresh
    browser.await("the list's Req/min and p95 to show numbers", METRICS_PUSHED,
      d -> d.findElement(By.cssSelector(cells.formatted("Req/min"))).getText().matches("[1-9]\\d*")
        && d.findElement(By.cssSelector(cells.formatted("p95"))).getText().matches("\\d+(\\.\\d)? ms"));
    JsonObject metrics = status().getJsonObject("metrics");
    assertTrue(metrics.getLong("requestsPerMinute") >= 1 && metrics.getDouble("p95Ms") > 0, metrics::encode);
    assertNoReload();
    browser.screenshot("06c-functions-with-metrics");
  }

  @Test
  @Order(3)
  void aFunctionDeployedElsewhereShowsItsRuntimeFromItsFirstRow() throws Exception {
    browser.click("a[data-nav=functions]");
    browser.visible("tr[data-fn='" + name + "']");
    String rowCss = "tr[data-fn='" + other + "']";
    // every text the other function's runtime cell ever shows, from before it exists
    browser.js("window.__runtimes = []; const rec = () => { const c = document.querySelector(arguments[0]"
      + " + ' td[data-label=Runtime]'); if (c) window.__runtimes.push(c.textContent.trim()); };"
      + " new MutationObserver(rec).observe(document.body, {childList: true, subtree: true, characterData: true});",
      rowCss);
    HttpResponse<String> accepted = node.deploy(other, "python-flask", Zips.template("python-flask", tmp.resolve("other.zip")));
    assertEquals(202, accepted.statusCode(), accepted::body);
    browser.await("the other function's row ready", BUILD_AND_START, d -> "ready".equals(browser.js(
      "const r = document.querySelector(arguments[0]); return r && r.querySelector('.pill').getAttribute('data-state');",
      rowCss)));
    @SuppressWarnings("unchecked")
    java.util.List<String> seen = (java.util.List<String>) browser.js("return window.__runtimes");
    assertTrue(!seen.isEmpty() && seen.stream().allMatch("python-flask"::equals),
      "the runtime cell showed only the runtime, from the row's first drawing: " + seen);
    assertNoReload();
  }

  @Test
  @Order(5)
  void aStopMadeElsewhereIsPushedToThePageAndStartWorksFromThePage() throws Exception {
    openFunction(name);
    assertEquals(200, node.send("POST", "/api/functions/" + name + "/stop").statusCode());
    browser.await("the stop to be pushed to the page", PUSHED,
      d -> !d.findElements(By.cssSelector("#fn-state [data-state=stopped]")).isEmpty());
    assertNoReload();
    browser.screenshot("07-function-stopped");

    browser.click("#fn-start");
    browser.await("the function to be ready again", BUILD_AND_START,
      d -> !d.findElements(By.cssSelector("#fn-state [data-state=ready]")).isEmpty());
    assertEquals("ready", status().getString("state"));
  }

  @Test
  @Order(6)
  void scalingIsSavedFromThePage() throws Exception {
    openFunction(name);
    WebElement max = browser.visible("#scale-max");
    max.clear();
    max.sendKeys("3");
    watchToasts();
    browser.click("#scale-save");
    browser.await("the scaling to be saved", d -> status().getJsonObject("scaling").getInteger("max") == 3);
    awaitToast("Scaling saved");
  }

  @Test
  @Order(7)
  void envIsSavedAndAChangeTheServerRefusesIsRolledBack() throws Exception {
    openFunction(name);
    watchToasts();
    setEnv("BAD-NAME", "x");
    awaitToast("bad_env");
    browser.await("the refused variable to be rolled back",
      d -> d.findElements(By.cssSelector("#env .env-row")).isEmpty());
    assertTrue(status().getJsonObject("env").isEmpty());

    setEnv("GREETING", "hi");
    browser.await("the variable to be saved", d -> "hi".equals(status().getJsonObject("env").getString("GREETING")));
    browser.await("the saved variable to stay on the page", d -> d.findElements(By.cssSelector("#env .env-row")).size() == 1);
  }

  private void setEnv(String key, String value) {
    browser.click("#env-add");
    var inputs = browser.driver().findElements(By.cssSelector("#env .env-row input"));
    inputs.get(inputs.size() - 2).sendKeys(key);
    inputs.get(inputs.size() - 1).sendKeys(value);
    browser.click("#env-save");
  }

  @Test
  @Order(8)
  void aBadZipShowsTheServersErrorAsItIs() throws Exception {
    Path bad = Zips.notAZip(tmp.resolve("broken.zip"));
    browser.click("a[data-nav=deploy]");
    browser.visible("#deploy-name");
    browser.find("#deploy-file").sendKeys(bad.toString());
    browser.click("#deploy-submit");
    String error = browser.textContains("#deploy-error", "not_a_zip", Duration.ofSeconds(30));
    assertTrue(error.contains("not a readable zip"), error);
    browser.screenshot("08-deploy-bad-zip");
    assertEquals(404, node.get("/api/functions/broken").statusCode(), "nothing is registered");
  }

  @Test
  @Order(9)
  void theVersionsListShowsASecondDeployAndRollbackFromThePageServesTheOldVersion() throws Exception {
    assertEquals("Hello, world!\n", invoke(other), "v1 answers the template's greeting");
    Path v2 = Zips.template("python-flask", tmp.resolve("other-v2.zip"),
      Map.of("handler.py", "def handle(req):\n    return \"second version\\n\"\n"));
    HttpResponse<String> accepted = node.deploy(other, "python-flask", v2);
    assertEquals(202, accepted.statusCode(), accepted::body);
    browser.await("v2 to serve", BUILD_AND_START, d -> "second version\n".equals(invoke(other)));

    openFunction(other);
    browser.await("the versions list to show v2 current and v1 with a rollback", Duration.ofSeconds(30),
      d -> !d.findElements(By.cssSelector("#versions tr[data-version='2'] .current-marker")).isEmpty()
        && !d.findElements(By.cssSelector("#versions tr[data-version='1'] button.rollback")).isEmpty());
    assertTrue(browser.find("#versions tr[data-version='2']").getText().contains("deploy"));
    assertTrue(browser.driver().findElements(By.cssSelector("#versions tr[data-version='2'] button.rollback")).isEmpty(),
      "no rollback to the version that runs");
    browser.screenshot("12-versions");

    browser.click("#versions tr[data-version='1'] button.rollback");
    browser.visible("#dialog-confirm");
    browser.click("#dialog-confirm");
    browser.await("v3, a rollback of v1, to be current on the page", Duration.ofSeconds(30), d -> {
      var rows = d.findElements(By.cssSelector("#versions tr[data-version='3']"));
      return !rows.isEmpty() && rows.get(0).getText().contains("rollback of v1")
        && !rows.get(0).findElements(By.cssSelector(".current-marker")).isEmpty();
    });
    browser.await("the old version to serve again", BUILD_AND_START, d -> "Hello, world!\n".equals(invoke(other)));
    JsonObject versions = new JsonObject(node.get("/api/functions/" + other + "/versions").body());
    assertEquals(3, versions.getInteger("current"), versions::encode);
    assertNoReload();
  }

  @Test
  @Order(10)
  void aTrafficSplitSetOnThePageSharesTheRequestsAndAllToLatestEndsIt() throws Exception {
    openFunction(other);
    browser.await("the traffic card to show v3 at 100%", Duration.ofSeconds(30),
      d -> d.findElements(By.cssSelector("#traffic-split li")).size() == 1
        && !d.findElements(By.cssSelector("#traffic-split li[data-version='3'] .current-marker")).isEmpty()
        && !d.findElements(By.cssSelector("#traffic-v2")).isEmpty());
    WebElement v2 = browser.visible("#traffic-v2");
    v2.clear();
    v2.sendKeys("50");
    WebElement v3 = browser.visible("#traffic-v3");
    v3.clear();
    v3.sendKeys("50");
    browser.textContains("#traffic-sum", "100%", Duration.ofSeconds(5));
    browser.click("#traffic-save");
    browser.await("the split to show v2 and v3 at 50%", Duration.ofSeconds(30), d -> {
      var rows = d.findElements(By.cssSelector("#traffic-split li[data-version='2']"));
      return !rows.isEmpty() && rows.get(0).getText().contains("50%");
    });
    assertEquals(new JsonObject().put("2", 50).put("3", 50), status(other).getJsonObject("traffic"));
    browser.screenshot("13-traffic");
    Set<String> answers = new HashSet<>();
    browser.await("both versions to answer", BUILD_AND_START, d -> {
      answers.add(invoke(other));
      return answers.contains("second version\n") && answers.contains("Hello, world!\n");
    });

    browser.click("#traffic-latest");
    browser.await("the split to end", Duration.ofSeconds(30),
      d -> d.findElements(By.cssSelector("#traffic-split li")).size() == 1
        && !d.findElements(By.cssSelector("#traffic-split li[data-version='3']")).isEmpty());
    assertEquals(new JsonObject().put("3", 100), status(other).getJsonObject("traffic"));
    assertNoReload();
  }

  @Test
  @Order(11)
  void anAsyncInvocationSubmittedOverHttpShowsAsSucceededOnTheFunctionsPage() throws Exception {
    openFunction(other);
    HttpResponse<String> accepted = node.send("POST", "/async-function/" + other + "/?name=async");
    assertEquals(202, accepted.statusCode(), accepted::body);
    String id = new JsonObject(accepted.body()).getString("id");
    String row = "#invocations tr[data-invocation='" + id + "']";
    browser.await("the invocation to show as succeeded", Duration.ofSeconds(60), d -> {
      var rows = d.findElements(By.cssSelector(row));
      return !rows.isEmpty() && rows.get(0).getText().contains("succeeded") && rows.get(0).getText().contains("200");
    });
    assertTrue(browser.find("#inv-queued").getText().matches("\\d+ queued"), browser.find("#inv-queued").getText());

    // a schedule set elsewhere shows on the page with its next run (the card reads it as it polls)
    HttpResponse<String> patched = node.sendJson("PATCH", "/api/functions/" + other, "{\"schedule\": \"@every 1h\"}");
    assertEquals(200, patched.statusCode(), patched::body);
    String line = browser.textContains("#fn-schedule", "@every 1h", Duration.ofSeconds(30));
    assertTrue(line.contains("next") && line.contains("last"), line);
    browser.js("document.getElementById('toasts').replaceChildren(); document.getElementById('invocations').scrollIntoView()");
    browser.screenshot("13-invocations");
    assertNoReload();
  }

  @Test
  @Order(12)
  void aSecretCreatedFromThePageIsListedAndItsValueIsNowhereOnThePage() throws Exception {
    browser.click("a[data-nav=secrets]");
    browser.click("#secret-new");
    WebElement nameInput = browser.visible("#secret-name");
    assertEquals("secret-name", browser.driver().switchTo().activeElement().getAttribute("id"), "the name has the focus");
    nameInput.sendKeys(secret);
    browser.find("#secret-form .secret-key").sendKeys("password");
    WebElement value = browser.find("#secret-form .secret-value");
    assertEquals("password", value.getAttribute("type"), "values are typed into password fields");
    value.sendKeys(secretValue + Keys.ENTER);
    String rowCss = "tr[data-secret='" + secret + "']";
    browser.textContains(rowCss, "password", Duration.ofSeconds(20));
    browser.await("the form to close", d -> d.findElements(By.cssSelector("#secret-form")).isEmpty());
    browser.screenshot("14-secrets");
    assertValueNowhereOnThePage();
    JsonObject listed = secretListed();
    assertEquals("password", listed.getJsonArray("keys").getString(0), listed::encode);
    assertFalse(listed.encode().contains(secretValue), "the API answers no value");

    // rotation: the keys are offered again with empty values
    browser.click(rowCss + " .secret-rotate");
    WebElement rotated = browser.visible("#secret-form .secret-value");
    assertEquals("", rotated.getAttribute("value"), "no value comes back into the form");
    rotated.sendKeys(secretValue + "-2");
    watchToasts();
    browser.click("#secret-submit");
    awaitToast("Secret " + secret + " rotated");
    browser.await("the form to close", d -> d.findElements(By.cssSelector("#secret-form")).isEmpty());
    assertValueNowhereOnThePage();
    assertNoReload();
  }

  @Test
  @Order(13)
  void deletingASecretInUseShowsTheServersRefusalAndAnUnusedOneIsDeleted() throws Exception {
    HttpResponse<String> patched = node.sendJson("PATCH", "/api/functions/" + other,
      new JsonObject().put("secrets", new JsonArray().add(secret)).encode());
    assertEquals(200, patched.statusCode(), patched::body);
    String rowCss = "tr[data-secret='" + secret + "']";
    browser.click("a[data-nav=secrets]");
    browser.textContains(rowCss, other, Duration.ofSeconds(20));

    browser.click(rowCss + " .secret-delete");
    browser.visible("#dialog-confirm");
    browser.click("#dialog-confirm");
    String error = browser.textContains("#secrets-error", "secret_in_use", Duration.ofSeconds(20));
    assertTrue(error.contains(other), "the server's message, naming the function: " + error);
    browser.screenshot("15-secret-in-use");
    assertTrue(secretListed() != null, "the secret is kept");

    patched = node.sendJson("PATCH", "/api/functions/" + other, "{\"secrets\": null}");
    assertEquals(200, patched.statusCode(), patched::body);
    browser.click("a[data-nav=secrets]");
    browser.textContains(rowCss, "no function", Duration.ofSeconds(20));
    browser.click(rowCss + " .secret-delete");
    browser.visible("#dialog-confirm");
    browser.click("#dialog-confirm");
    browser.await("the row to go", d -> d.findElements(By.cssSelector(rowCss)).isEmpty());
    assertEquals(null, secretListed(), "deleted");
    assertNoReload();
  }

  /** Neither the page's text, nor its markup, nor any field holds the secret's value. */
  private void assertValueNowhereOnThePage() {
    assertEquals(Boolean.FALSE, browser.js("const v = arguments[0]; return document.documentElement.textContent.includes(v)"
      + " || document.documentElement.outerHTML.includes(v) || [...document.querySelectorAll('input, textarea')]"
      + ".some(i => i.value.includes(v))", secretValue), "the secret's value is on the page");
  }

  private JsonObject secretListed() {
    try {
      HttpResponse<String> list = node.get("/api/secrets");
      assertEquals(200, list.statusCode(), list::body);
      return new JsonObject(list.body()).getJsonArray("secrets").stream().map(JsonObject.class::cast)
        .filter(s -> secret.equals(s.getString("name"))).findFirst().orElse(null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** GET /function/NAME/ through the gateway: the body, or the status when it is not a 200. */
  private String invoke(String function) {
    try {
      HttpResponse<String> answer = node.get("/function/" + function + "/");
      return answer.statusCode() == 200 ? answer.body() : "status " + answer.statusCode();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  @Order(14)
  void theListAndAFunctionsPageFitANarrowScreen() throws Exception {
    browser.size(390, 844);
    browser.await("the window to be narrow", d -> (Long) browser.js("return window.innerWidth") < 760);
    browser.js("document.getElementById('toasts').replaceChildren()");
    try {
      browser.click("a[data-nav=functions]");
      browser.visible("tr[data-fn='" + name + "'] .pill");
      assertFitsTheWindow("on the functions list");
      assertEquals(Boolean.TRUE, browser.js("const n = document.querySelector('.nav'); return n.scrollWidth <= n.clientWidth"),
        "every nav entry shows at 390 px");
      browser.screenshot("09-functions-narrow");
      openFunction(name);
      browser.visible("#invoke-send");
      assertFitsTheWindow("on a function's page");
      browser.screenshot("09b-function-narrow");
      openFunction(other);
      browser.visible("#versions tr[data-version='3']");
      browser.visible("#invocations-table");
      browser.js("document.getElementById('versions').scrollIntoView()");
      assertFitsTheWindow("with versions and invocations");
      browser.screenshot("09c-versions-invocations-narrow");
      HttpResponse<String> created = node.sendJson("POST", "/api/secrets", new JsonObject().put("name", secret)
        .put("data", new JsonObject().put("a-rather-long-key-name.pem", "x").put("user", "y")).encode());
      assertEquals(201, created.statusCode(), created::body);
      browser.click("a[data-nav=secrets]");
      browser.visible("tr[data-secret='" + secret + "']");
      browser.click("#secret-new");
      browser.visible("#secret-name");
      assertFitsTheWindow("on the secrets page");
      browser.screenshot("09d-secrets-narrow");
      browser.click("#secret-cancel");
    } finally {
      browser.size(1440, 960);
    }
  }

  /**
   * No horizontal scrolling: the page is no wider than the window. Whatever it shows at this moment
   * counts (a user sees it too, e.g. a log stream's error naming a 64-digit container id); a failure
   * names the innermost elements that stick out.
   */
  private void assertFitsTheWindow(String where) {
    Object sticking = browser.js("const w = window.innerWidth, sw = document.documentElement.scrollWidth;"
      + " if (sw <= w) return null;"
      + " const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5);"
      + " const inner = out.filter(e => !out.some(o => o !== e && e.contains(o)));"
      + " return `scrollWidth ${sw} > innerWidth ${w}; sticking out: ` + inner.slice(0, 5).map(e => e.tagName.toLowerCase()"
      + " + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')"
      + " + ` (right ${Math.round(e.getBoundingClientRect().right)}): ` + e.textContent.trim().slice(0, 120)).join(' | ');");
    assertEquals(null, sticking, "no horizontal scrolling " + where + " at 390 px");
  }

  @Test
  @Order(15)
  void deleteAsksForConfirmationEscapeCancelsConfirmRemovesTheFunctionAndItsImage() throws Exception {
    openFunction(name);
    browser.click("#fn-delete");
    browser.visible("#dialog-confirm");
    browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.await("Escape to close the dialog", d -> d.findElements(By.cssSelector("#dialog-confirm")).isEmpty());
    assertEquals(200, node.get("/api/functions/" + name).statusCode(), "Escape deletes nothing");

    String image = status().getString("image");
    assertTrue(LocalImages.exists(image), image);
    browser.click("#fn-delete");
    browser.visible("#dialog-confirm");
    browser.click("#dialog-option");
    browser.screenshot("10-delete-confirm");
    browser.click("#dialog-confirm");
    browser.await("the row to go", Duration.ofSeconds(60),
      d -> d.getCurrentUrl().endsWith("#/") && d.findElements(By.cssSelector("tr[data-fn='" + name + "']")).isEmpty());
    assertEquals(404, node.get("/api/functions/" + name).statusCode());
    browser.await("the image to be removed too", d -> {
      try {
        return !LocalImages.exists(image);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  @Order(16)
  void thePageSaysOfflineWhenTheGatewayStopsAndReconnectsByItself() throws Exception {
    node.kill();
    browser.visible("#offline");
    browser.textContains("#conn", "Offline", Duration.ofSeconds(5));
    browser.screenshot("11-offline");
    node.start();
    browser.await("the page to reconnect", Duration.ofSeconds(30),
      d -> !browser.find("#offline").isDisplayed() && browser.find("#conn").getText().contains("Live"));
    assertFalse(browser.find("#offline").isDisplayed());
    assertNoReload();
  }

  /**
   * Goes to {@code function}'s page by the page's own links (no reload), from whatever screen the last
   * step left, and waits until the page shows that function.
   */
  private void openFunction(String function) {
    browser.click("a[data-nav=functions]");
    browser.click("a[data-fn-link='" + function + "']");
    browser.await("the page of " + function, d -> function.equals(browser.js(
      "const t = document.querySelector('h1.page-title'); return t && document.querySelector('#fn-state .pill') ? t.textContent : null")));
  }

  private JsonObject status() {
    return status(name);
  }

  private JsonObject status(String function) {
    try {
      return new JsonObject(node.get("/api/functions/" + function).body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * From now on, every toast's text is kept in {@code window.__toasts}: a toast removes itself after
   * 4 s, which a step that first waits on the API may well outlast.
   */
  private void watchToasts() {
    browser.js("window.__toasts = []; if (!window.__toastWatch) { window.__toastWatch = new MutationObserver(records =>"
      + " records.forEach(r => r.addedNodes.forEach(n => window.__toasts.push(n.textContent))));"
      + " window.__toastWatch.observe(document.getElementById('toasts'), {childList: true}); }");
  }

  /** Waits until a toast holding {@code text} was shown since {@link #watchToasts()}. */
  private void awaitToast(String text) {
    browser.await("a toast saying " + text, PUSHED, d -> Boolean.TRUE.equals(browser.js(
      "return (window.__toasts || []).some(t => t.includes(arguments[0]))", text)));
  }

  private void assertNoReload() {
    assertEquals(Boolean.TRUE, browser.js("return window.__platNoReload === true"), "the page was reloaded");
  }
}
