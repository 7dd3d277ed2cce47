package io.overdrive.api.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (packages {@code chromium} and {@code
 * chromium-driver}, which {@code bin/test} and {@code .ci/run} install). Screenshots go to {@code
 * target/console-screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final int DESKTOP_WIDTH = 1100;
  static final int PHONE_WIDTH = 375;

  final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  static Browser open(int port) {
    Path chromium = find("OVERDRIVE_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
    Path chromedriver = find("OVERDRIVE_CHROMEDRIVER", "chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=" + DESKTOP_WIDTH + ",900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver, "http://localhost:" + port);
  }

  /** The executable named by the variable, else the first of the names on the PATH. */
  private static Path find(String variable, String... names) {
    String set = System.getenv(variable);
    if (set != null && !set.isBlank()) {
      return Path.of(set);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new IllegalStateException(
        "The console's browser tests need Chromium and its driver: apt-get install chromium"
            + " chromium-driver (bin/test installs them), or set "
            + variable
            + " to the executable ("
            + String.join(", ", names)
            + " not found on the PATH)");
  }

  /** Opens a console page ({@code "feed?user=u3"}) and waits until it is drawn. */
  Browser page(String route) {
    String url = base + "/console/#/" + route;
    boolean same = url.equals(driver.getCurrentUrl());
    driver.get(url);
    if (same) {
      // the same address again changes no hash: load the page afresh, as a reader's reload does
      driver.navigate().refresh();
    }
    awaitPage(route.split("\\?")[0]);
    return this;
  }

  void awaitPage(String page) {
    until(d -> page.equals(d.findElement(By.id("main")).getDomAttribute("data-ready")));
  }

  <T> T until(Function<WebDriver, T> condition) {
    // pages that refresh themselves (System) replace elements between two reads
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  WebElement find(String css) {
    return until(d -> d.findElement(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text(String css) {
    return until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** Sets the viewport's CSS width (a phone is 375 px) and reloads the current page. */
  void width(int px, String page) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", px, "height", 800, "deviceScaleFactor", 1, "mobile", px < 600));
    driver.navigate().refresh();
    awaitPage(page);
  }

  /** How far the page is wider than the viewport, in CSS pixels (0 = no sideways scrolling). */
  long overflow() {
    return ((Number)
            js(
                "return Math.max(0, document.documentElement.scrollWidth -"
                    + " document.documentElement.clientWidth)"))
        .longValue();
  }

  /** Elements whose own box sticks out of the viewport's right edge (what a reader would miss). */
  @SuppressWarnings("unchecked")
  List<String> clipped() {
    return (List<String>)
        js(
            "const w = document.documentElement.clientWidth; const out = [];"
                + " for (const e of document.querySelectorAll('main *, header *')) {"
                + "  if (e.closest('.table-wrap') || e.closest('svg')) continue;"
                + "  const r = e.getBoundingClientRect();"
                + "  if (r.width > 0 && r.right > w + 1) out.push(e.tagName + '.' + e.className + ':'"
                + " + Math.round(r.right)); }"
                + " return out.slice(0, 5);");
  }

  /** Saves what the browser shows now as {@code target/console-screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
