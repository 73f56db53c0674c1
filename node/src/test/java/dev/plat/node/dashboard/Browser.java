package dev.plat.node.dashboard;

import dev.plat.docker.DockerTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium through {@code /usr/bin/chromedriver}. The driver and
 * browser paths are set, so Selenium Manager never runs (and downloads nothing); the profile is a
 * fresh temporary folder; background services are off and no host name but loopback resolves, so
 * the browser sends nothing off the machine. Missing Chromium fails the test when
 * {@link DockerTestSupport#dockerRequired()} (CI), else skips it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path screenshots;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path screenshots) {
    this.driver = driver;
    this.service = service;
    this.screenshots = screenshots;
  }

  /** Fails (CI) or skips when Chromium or its driver is missing. */
  public static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String problem = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)";
    DockerTestSupport.unavailable(problem);
  }

  /** Opens the browser; {@code arguments} are added to Chromium's command line. */
  public static Browser open(Path profileDir, Path screenshots, String... arguments) throws IOException {
    Files.createDirectories(screenshots);
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
      .withLogOutput(OutputStream.nullOutputStream()).build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
      "--disable-extensions", "--disable-default-apps", "--metrics-recording-only", "--no-pings",
      "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-breakpad",
      "--dns-prefetch-disable", "--disable-features=OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying",
      // Chromium still looks up Google hosts with the flags above; no name resolves but 127.0.0.1 (checked with strace)
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
      "--password-store=basic", "--window-size=1440,960", "--user-data-dir=" + profileDir).addArguments(arguments);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1440, 960));
    return new Browser(driver, service, screenshots);
  }

  public WebDriver driver() {
    return driver;
  }

  public void get(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits (polling, bounded) until {@code condition} gives a non-null, non-false value. */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, WAIT, condition);
  }

  public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    // a condition that finds elements afresh may still catch one the page is re-drawing
    return new WebDriverWait(driver, timeout).withMessage(what).ignoring(StaleElementReferenceException.class)
      .until(condition);
  }

  /** Clicks the element once it is displayed, again if the page re-drew it meanwhile. */
  public void click(String css) {
    await("to click " + css, d -> {
      try {
        WebElement el = d.findElement(By.cssSelector(css));
        if (!el.isDisplayed() || !el.isEnabled()) {
          return null;
        }
        el.click();
        return true;
      } catch (StaleElementReferenceException | NoSuchElementException redrawn) {
        return null;
      }
    });
  }

  /** Waits for the element and returns it once it is displayed. */
  public WebElement visible(String css) {
    return await(css + " to be visible", d -> {
      try {
        var found = d.findElements(By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
      } catch (StaleElementReferenceException redrawn) {
        return null;
      }
    });
  }

  /** Waits until the element's text contains {@code text}; returns the text. */
  public String textContains(String css, String text, Duration timeout) {
    return await(css + " to contain '" + text + "'", timeout, d -> {
      try {
        var found = d.findElements(By.cssSelector(css));
        String value = found.isEmpty() ? "" : found.get(0).getText();
        return value.contains(text) ? value : null;
      } catch (StaleElementReferenceException redrawn) {
        return null;
      }
    });
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a PNG of the viewport as {@code <screenshots>/<name>.png}. */
  public Path screenshot(String name) throws IOException {
    Path target = screenshots.resolve(name + ".png");
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
