package lab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import lab.results.ResultsFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium driven by Selenium through chromedriver
 * (Debian packages chromium and chromium-driver). One server on a fixture results folder, one
 * browser for all tests. Without the browser the tests fail under CI=true (.ci/run installs it)
 * and are skipped with a message naming the packages elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserTest {
  static final String CHROMIUM = System.getenv().getOrDefault("LAB_CHROMIUM", "/usr/bin/chromium");
  static final String DRIVER =
      System.getenv().getOrDefault("LAB_CHROMEDRIVER", "/usr/bin/chromedriver");
  static final String MISSING = "the browser tests need Chromium and its driver: " + CHROMIUM
      + " and " + DRIVER + " (Debian: apt-get install -y chromium chromium-driver; or set"
      + " LAB_CHROMIUM and LAB_CHROMEDRIVER)";

  /** Selenium's note that it has no DevTools protocol for this Chromium: not used here. */
  static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

  @TempDir
  static Path base;
  Path root;
  UiServer server;
  ChromeDriver driver;
  String url;

  @BeforeAll
  void start() throws IOException {
    boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER));
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(MISSING);
      System.err.println("SKIPPED UiBrowserTest: " + MISSING);
      Assumptions.abort(MISSING);
    }
    SELENIUM.setLevel(Level.SEVERE);
    root = UiFixture.create(base);
    server = UiServer.start(root, "127.0.0.1", 0);
    url = "http://127.0.0.1:" + server.port() + "/";
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--allow-file-access-from-files");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(DRIVER).toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  private JavascriptExecutor js() {
    return driver;
  }

  /** Loads a page by its hash route and waits until it has drawn. */
  void open(String route) {
    driver.get("about:blank"); // a new document each time, not a same-document hash change
    driver.get(url + "#/" + route);
    waitReady();
  }

  void waitReady() {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
        "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
  }

  /** No JavaScript error on the page: none caught by the page, none in the console. */
  void assertNoErrors(String where) {
    Object caught = js().executeScript("return window.__labErrors.join('\\n');");
    assertEquals("", caught, where + ": JavaScript errors");
    assertEquals(List.of(), driver.findElements(By.cssSelector("p.error")).stream()
        .map(WebElement::getText).toList(), where + ": error shown on the page");
    List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
    assertEquals(List.of(), severe, where + ": console errors");
  }

  /** The number of data items of series {@code i} of the chart named {@code chart}. */
  long points(String chart, int i) {
    return ((Number) js().executeScript("var c = echarts.getInstanceByDom(document.querySelector("
        + "'[data-chart=\"' + arguments[0] + '\"]')); return c.getOption().series[arguments[1]]"
        + ".data.length;", chart, i)).longValue();
  }

  long seriesCount(String chart) {
    return ((Number) js().executeScript("return echarts.getInstanceByDom(document.querySelector("
        + "'[data-chart=\"' + arguments[0] + '\"]')).getOption().series.length;", chart))
        .longValue();
  }

  int tableRows(String id) {
    return driver.findElements(By.cssSelector("#" + id + " tbody tr")).size();
  }

  @Test
  void everyPageLoadsWithoutErrorsAndDrawsEveryPoint() {
    open("");
    assertNoErrors("runs");
    assertEquals(4, tableRows("runs-table"));
    assertEquals(1, tableRows("sweeps-table"));

    open("run/xor-a");
    assertNoErrors("run xor-a");
    assertEquals(UiFixture.XOR_A_ROWS, points("loss", 0));
    assertEquals(UiFixture.XOR_A_ROWS, points("accuracy", 0));
    assertEquals(RunData.SURFACE_POINTS * RunData.SURFACE_POINTS, points("heatmap", 0));
    int quads = (RunData.SURFACE_POINTS - 1) * (RunData.SURFACE_POINTS - 1);
    assertEquals(String.valueOf(quads), driver.findElement(By.cssSelector("canvas.surface"))
        .getAttribute("data-quads"));
    assertTrue(driver.findElements(By.cssSelector("#files a")).size() >= 3);

    open("run/noisy");
    assertNoErrors("run noisy");
    assertEquals(RunData.REGION_POINTS * RunData.REGION_POINTS, points("regions", 0));
    assertEquals(UiFixture.NOISY_POINTS, points("regions", 1));
    assertEquals(UiFixture.NOISY_POINTS, points("regions", 2));
    assertEquals(2, seriesCount("loss"), "train_loss and valid_loss");

    open("run/mnist-small");
    assertNoErrors("run mnist");
    assertEquals(9, points("confusion", 0));
    assertEquals(3, tableRows("per-class"));

    open("sweep/sw");
    assertNoErrors("sweep");
    assertEquals(4, points("success-heatmap", 0), "x = optimizer.lr, y = model.hidden: 2 x 2");
    // Each cell: k/N and the 95% Wilson interval, as summary.md gives it (commons-statistics).
    @SuppressWarnings("unchecked")
    List<String> cells = (List<String>) js().executeScript("return echarts.getInstanceByDom("
        + "document.querySelector('[data-chart=\"success-heatmap\"]')).getOption().series[0]"
        + ".data.map(function (d) { return d.label.formatter; });");
    for (String cell : cells) {
      String[] kn = cell.substring(0, cell.indexOf('\n')).split("/");
      assertEquals(lab.sweep.Inference.rate(Integer.parseInt(kn[0]), Integer.parseInt(kn[1])),
          cell.replace('\n', ' '), "a success cell's label");
    }
    new Select(driver.findElement(By.id("heat-y"))).selectByValue("");
    assertEquals(2, points("success-heatmap", 0), "x = optimizer.lr alone");
    assertEquals(UiFixture.SWEEP_FINITE_ROWS, points("strip", 0));
    assertEquals(UiFixture.SWEEP_FINITE_ROWS, points("parallel", 0));
    assertEquals(UiFixture.SWEEP_METRIC_ROWS, points("band", 1), "median of the band");
    assertEquals(UiFixture.SWEEP_ROWS, tableRows("jobs"));
    assertNoErrors("sweep after changing the heat map's keys");

    open("bench");
    assertNoErrors("bench");
    assertEquals(2, tableRows("bench-table"));
    assertEquals(2, points("bench-chart", 0));
  }

  @Test
  void textsFromRunFilesAreShownAsTextNeverRun() {
    open("run/xor-a");
    assertEquals(UiFixture.SCRIPT, driver.findElement(By.id("description")).getText());
    open("run/xor-b");
    assertEquals(UiFixture.IMG, driver.findElement(By.id("description")).getText());
    assertEquals(0, driver.findElements(By.cssSelector("img[src='x']")).size());
    assertNull(js().executeScript("return window.__pwned;"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    open("");
    assertEquals(0, driver.findElements(By.cssSelector("img[src='x']")).size());
    assertEquals(0, driver.findElements(By.cssSelector("#app script")).size());
    assertNoErrors("runs with hostile descriptions");
  }

  @Test
  void filteringSortingAndCompareWork() {
    open("");
    WebElement filter = driver.findElement(By.id("filter"));
    filter.sendKeys("xor-b");
    assertEquals(1, tableRows("runs-table"));
    filter.clear();
    filter.sendKeys("xor");
    assertEquals(3, tableRows("runs-table"), "xor-a, xor-b, noisy (noisy-xor)");
    filter.clear();
    filter.sendKeys(" ");
    filter.clear();
    List<String> options = driver.findElements(By.cssSelector("#spec-key option")).stream()
        .map(o -> o.getAttribute("value")).toList();
    assertTrue(options.contains("optimizer.lr"), options.toString());
    new Select(driver.findElement(By.id("spec-key"))).selectByValue("optimizer.lr");
    driver.findElement(By.id("spec-value")).sendKeys("0.5");
    assertEquals(1, tableRows("runs-table"));
    assertEquals("xor-b", driver.findElement(By.cssSelector("#runs-table tbody tr"))
        .getAttribute("data-path"));
    driver.findElement(By.id("spec-value")).clear();
    new Select(driver.findElement(By.id("spec-key"))).selectByValue("");
    assertEquals(4, tableRows("runs-table"));

    driver.findElement(By.cssSelector("th[data-col='final loss']")).click();
    driver.findElement(By.cssSelector("th[data-col='name']")).click();
    driver.findElement(By.cssSelector("th[data-col='name']")).click();
    assertEquals("xor-b", driver.findElement(By.cssSelector("#runs-table tbody tr"))
        .getAttribute("data-path"), "sorted by name, descending");

    driver.findElement(By.cssSelector("tr[data-path='xor-a'] input.pick")).click();
    driver.findElement(By.cssSelector("tr[data-path='xor-b'] input.pick")).click();
    driver.findElement(By.id("compare")).click();
    waitReady();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
        "compare".equals(d.findElement(By.tagName("body")).getAttribute("data-page"))
            && "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    assertNoErrors("compare");
    assertEquals(2, seriesCount("compare-loss"));
    assertEquals(UiFixture.XOR_A_ROWS, points("compare-loss", 0));
    assertEquals(UiFixture.XOR_B_ROWS, points("compare-loss", 1));
    List<String> keys = driver.findElements(By.cssSelector("#differ tbody tr td:first-child"))
        .stream().map(WebElement::getText).toList();
    assertEquals(List.of("description", "name", "optimizer.lr"), keys);
  }

  @Test
  void theSurfaceTurnsWhenDragged() {
    open("run/xor-a");
    WebElement canvas = driver.findElement(By.cssSelector("canvas.surface"));
    new Actions(driver).moveToElement(canvas).clickAndHold().moveByOffset(60, 10).release()
        .perform();
    String az = canvas.getAttribute("data-azimuth");
    assertTrue(az != null && Double.parseDouble(az) != -0.7, "azimuth " + az);
    assertNoErrors("surface drag");
  }

  @Test
  void aRunStartedElsewhereAppearsAndItsCurvesGrow() throws IOException {
    open("");
    assertEquals(0, driver.findElements(By.cssSelector("a.live-link")).size());
    Path live = UiFixture.startLive(root, "live-run", 300);
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
      WebElement link = wait.until(d -> d.findElements(By.cssSelector("a.live-link")).stream()
          .findFirst().orElse(null));
      assertEquals("live-run", link.getText());
      link.click();
      wait.until(d -> "live".equals(d.findElement(By.tagName("body")).getAttribute("data-page"))
          && "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
      assertEquals(300, points("loss", 0));
      UiFixture.growLive(live, 300, 310);
      wait.until(d -> points("loss", 0) == 310);
      assertTrue(driver.findElement(By.id("live-status")).getText().contains("epoch 3090 of 5000"),
          driver.findElement(By.id("live-status")).getText());
      assertNoErrors("live");
      ResultsFolder.deleteTree(live);
      wait.until(d -> d.findElement(By.id("live-status")).getText().startsWith("finished"));
    } finally {
      ResultsFolder.deleteTree(live);
    }
  }

  @Test
  void theReportOpensFromDiskWithItsCharts() {
    Path out = base.resolve("report/xor-a.html");
    ReportWriter.write(root, "xor-a", out);
    driver.get("about:blank");
    driver.get(out.toUri().toString());
    waitReady();
    assertNoErrors("report of xor-a");
    assertEquals(UiFixture.XOR_A_ROWS, points("loss", 0));
    assertEquals(UiFixture.SCRIPT, driver.findElement(By.id("description")).getText());
    Path sweep = base.resolve("report/sw.html");
    ReportWriter.write(root, "sw", sweep);
    driver.get(sweep.toUri().toString());
    waitReady();
    assertNoErrors("report of sweep sw");
    assertEquals(UiFixture.SWEEP_FINITE_ROWS, points("strip", 0));
    new Select(driver.findElement(By.id("band-point"))).selectByValue("3");
    new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> points("band", 1) == 0
        || points("band", 1) == UiFixture.SWEEP_METRIC_ROWS);
    assertNoErrors("report of sweep sw, another point");
    assertNotEquals(0, points("parallel", 0));
  }
}
