package io.overdrive.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.api.ApiClient;
import io.overdrive.model.ModelFixtures;
import io.overdrive.outcomes.InProcessRankingLog;
import io.overdrive.outcomes.RankingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser (headless Chromium) against one running API with the demo world, a
 * published model version and an experiment: each page shows what an operator needs, works from the
 * keyboard and reads at 375 px wide. A screenshot per page lands in target/console-screenshots.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.demo-data=true", "overdrive.rate-limit.enabled=false"})
class ConsoleBrowserTest {
  static final Path DIR;
  static final String VERSION = "20261201T060000Z-console";

  static {
    try {
      DIR = Files.createTempDirectory("overdrive-console");
      List<String> items = IntStream.range(0, 2000).mapToObj(i -> "i" + i).toList();
      ModelFixtures.publish(DIR.resolve("models"), VERSION, items, 11);
      // the trainer's report, copied into the version after publication (docs/training.md)
      Files.writeString(
          DIR.resolve("models").resolve(VERSION).resolve("metrics.json"),
          """
          {"results": [
            {"model": "poprec", "protocol": "sampled-100", "hr@10": 0.2725, "ndcg@10": 0.1428,
             "hr@20": 0.4507, "ndcg@20": 0.1878, "users": 943, "train_seconds": 0.0},
            {"model": "ease", "protocol": "sampled-100", "hr@10": 0.5512, "ndcg@10": 0.3101,
             "hr@20": 0.7021, "ndcg@20": 0.3483, "users": 943, "train_seconds": 4.2},
            {"model": "sequence", "protocol": "sampled-100", "hr@10": 0.6120, "ndcg@10": 0.3645,
             "hr@20": 0.7845, "ndcg@20": 0.4081, "users": 943, "train_seconds": 391.2},
            {"model": "poprec", "protocol": "full", "hr@10": 0.0456, "ndcg@10": 0.0221,
             "hr@20": 0.0827, "ndcg@20": 0.0314, "users": 943, "train_seconds": 0.0}
          ]}
          """);
      Files.writeString(
          DIR.resolve("experiment.yaml"),
          """
          name: handover-speed
          variants:
            - {name: control, traffic: 0.5}
            - {name: fast_handover, traffic: 0.5, settings: {maturity_half_point: 8}}
          """);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry r) {
    r.add("overdrive.model.dir", () -> DIR.resolve("models").toString());
    r.add("overdrive.experiments-file", () -> DIR.resolve("experiment.yaml").toString());
  }

  static Browser browser;
  @LocalServerPort int port;
  @Autowired RankingLog rankingLog;
  ApiClient api;

  @BeforeEach
  void start() {
    api = new ApiClient(port);
    if (browser == null) {
      browser = Browser.open(port);
    }
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void feedShowsAUsersCardsWithContentAndReasonsAndTheBlend() {
    browser.page("feed?user=u3");
    List<WebElement> cards = browser.all("#feed-overdrive li.card");
    assertThat(cards).hasSizeGreaterThanOrEqualTo(5);
    for (WebElement card : cards) {
      // what the item is (the demo's posts read "Post 12 about travel ..."), who posted it, why
      assertThat(card.findElement(By.cssSelector(".content")).getText()).startsWith("Post ");
      assertThat(card.findElement(By.cssSelector(".author")).getText()).startsWith("@a");
      assertThat(card.findElements(By.cssSelector(".tags .tag"))).isNotEmpty();
      assertThat(card.findElements(By.cssSelector("ul.reasons li")))
          .extracting(WebElement::getText)
          .isNotEmpty()
          .allMatch(reason -> !reason.isBlank());
    }
    // u3 signed up with interests: their feed says which declared interest an item matched
    assertThat(browser.all("#feed-overdrive ul.reasons li"))
        .extracting(WebElement::getText)
        .anyMatch(reason -> reason.startsWith("declared interest: "));
    assertThat(browser.text(".blend-text")).matches("\\d+% learned · \\d+% cold start");
    assertThat(browser.text(".summary .facts")).contains("handover-speed").contains(VERSION);
    // beside it the control feed the gateway gets with x-use-overdrive: 0: not Overdrive's ranking
    assertThat(browser.text("#feed-control-title")).contains("variant overdrive_off");
    List<WebElement> control = browser.all("#feed-control li.card");
    assertThat(control).hasSizeGreaterThanOrEqualTo(5);
    assertThat(browser.all("#feed-control ul.reasons li"))
        .extracting(WebElement::getText)
        .allMatch(reason -> reason.startsWith("newest"));
    assertThat(control.stream().map(c -> c.getDomAttribute("data-item")).toList())
        .isNotEqualTo(cards.stream().map(c -> c.getDomAttribute("data-item")).toList());
    browser.screenshot("feed");
    phone("feed");
  }

  @Test
  void feedIsUsableFromTheKeyboard() {
    browser.page("feed");
    WebElement field = tabTo("feed-user");
    field.sendKeys("u5", Keys.ENTER);
    browser.until(d -> d.getCurrentUrl().contains("user=u5"));
    browser.awaitPage("feed");
    assertThat(browser.all("#feed-overdrive li.card")).isNotEmpty();
    // the nav is links: Tab to one and Enter moves to its page, whose heading takes the focus
    WebElement models = browser.find("#nav a[data-page=models]");
    models.sendKeys(Keys.ENTER);
    browser.awaitPage("models");
    assertThat(browser.focused().getText()).isEqualTo("Models");
  }

  @Test
  void userShowsDeclaredAndLearnedInterestsMaturityArmAndSequence() {
    browser.page("user?user=u3");
    assertThat(browser.text("#maturity")).containsPattern("\\d+ meaningful interactions");
    assertThat(browser.text("#arm")).startsWith("handover-speed / ");
    List<WebElement> rows = browser.all("#interests tbody tr");
    assertThat(rows).isNotEmpty();
    // a declared interest with its declared weight and a learned one beside it
    assertThat(rows.get(0).findElements(By.cssSelector("td")).get(0).getText()).isNotEqualTo("–");
    assertThat(browser.all("#interests .hbar.learned")).isNotEmpty();
    assertThat(browser.all("#sequence li")).isNotEmpty();
    // how the learned interests moved as the demo history came in: several snapshots, a line each
    assertThat(browser.text("#history-span")).containsPattern("^\\d+ snapshots from ");
    List<WebElement> history = browser.all("#interest-history-table tbody tr");
    assertThat(history).isNotEmpty();
    assertThat(history.get(0).findElements(By.cssSelector("svg.spark polyline"))).hasSize(1);
    assertThat(browser.all("#snapshots tbody tr")).hasSizeGreaterThan(1);
    browser.js("document.getElementById('interest-history').scrollIntoView()");
    browser.screenshot("user-history");
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("user");
    phone("user");
  }

  @Test
  void eraseAsksForTheUserIdThenErasesAndExportAsksFirst() {
    String user = "u150"; // a demo user with a signup profile only
    assertThat(api.get("/users/" + user).status()).isEqualTo(200);
    browser.page("user?user=" + user);

    browser.find("#export-user").click();
    WebElement dialog = browser.find("dialog.confirm[open]");
    assertThat(dialog.getText()).contains("Export " + user);
    dialog.findElement(By.cssSelector("button[value=ok]")).click();
    String exported =
        browser.until(
            d -> {
              String t = d.findElement(By.id("user-status")).getText();
              return t.isEmpty() ? null : t;
            });
    assertThat(exported).contains("Exported " + user);

    browser.find("#erase-user").click();
    dialog = browser.find("dialog.confirm[open]");
    WebElement erase = dialog.findElement(By.cssSelector("button[value=ok]"));
    assertThat(erase.isEnabled()).as("enabled before the id is typed").isFalse();
    // the confirmation is a keyboard dialog: the typed field has the focus, Escape would cancel
    WebElement typed = browser.focused();
    assertThat(typed.getDomAttribute("id")).isEqualTo("confirm-typed");
    typed.sendKeys(user);
    assertThat(erase.isEnabled()).isTrue();
    browser.screenshot("user-erase");
    typed.sendKeys(Keys.ENTER);
    String erased =
        browser.until(
            d -> {
              String t = d.findElement(By.id("user-status")).getText();
              return t.isEmpty() ? null : t;
            });
    assertThat(erased).startsWith("Erased " + user).contains("the profile");
    assertThat(api.get("/users/" + user).status()).isEqualTo(404);
  }

  @Test
  void modelsShowTheVersionsMetricsAgainstTheBaselinesAndWhatEachServiceServes() {
    browser.page("models");
    WebElement sequence =
        browser.find("details[data-version='" + VERSION + "'] tr[data-model=sequence]");
    assertThat(cells(sequence)).startsWith("sequence", "0.6120", "0.3645", "0.7845", "0.4081");
    // HR@10 against PopRec's on the same protocol
    assertThat(cells(sequence)).contains("×2.25");
    WebElement pop = browser.find("details[data-version='" + VERSION + "'] tr[data-model=poprec]");
    assertThat(cells(pop).get(0)).isEqualTo("poprec (baseline)");
    assertThat(browser.find("details[data-version='" + VERSION + "'] tr[data-model=ease]"))
        .isNotNull();
    assertThat(browser.text("#serving-versions"))
        .contains("LATEST (model directory) " + VERSION)
        .contains("api " + VERSION);
    browser.screenshot("models");
    phone("models");
  }

  @Test
  void systemShowsStageLatenciesRatesAndWhatStandaloneDoesNotRun() {
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/rank/for-you", "{\"user_id\": \"u" + i + "\"}").status())
          .isEqualTo(200);
    }
    browser.page("system");
    List<String> stages = texts("#stage-latency tbody tr th");
    assertThat(stages).contains("UserHydrator", "CatalogueHydrator", "DiversitySelector");
    assertThat(browser.text("#rank-latency")).matches("[0-9.]+ ms / [0-9.]+ ms \\(\\d+ requests.*");
    assertThat(browser.text("#system-consumer")).contains("events are applied in-process");
    // rates need two reads: the page reads again by itself
    browser.until(d -> browser.text("#api-request-rate").endsWith("/s"));
    browser.screenshot("system");
    phone("system");
  }

  @Test
  void experimentsShowEachArmsOutcomesWithIntervalsAndTheLiftAsTheEndpointGivesThem()
      throws InterruptedException {
    // users of the app see their feeds through the API (a third with Overdrive turned off by the
    // gateway) and send back impressions, short views and likes naming the ranking: with Overdrive
    // on they like one to three of their top items, without it every other one likes its first
    Instant now = Instant.now();
    for (int u = 0; u < 120; u++) {
      String user = "exp-user-" + u;
      boolean off = u % 3 == 0;
      String body = "{\"user_id\": \"" + user + "\", \"limit\": 5}";
      ApiClient.Response ranked =
          api.post("/rank/for-you", body, "x-use-overdrive", off ? "0" : "1");
      assertThat(ranked.status()).as(ranked.body()).isEqualTo(200);
      JsonNode answer = ranked.json();
      List<Map<String, Object>> events = new ArrayList<>();
      int position = 0;
      for (JsonNode item : answer.get("items")) {
        boolean liked = off ? position == 0 && u % 2 == 0 : position <= u % 7 % 3;
        String ranking = answer.get("ranking_id").asString();
        String id = item.get("id").asString();
        events.add(event(user, id, "impression", ranking, position, 0, now));
        events.add(
            event(user, id, "view", ranking, position, 500 + 400 * ((u + position) % 6), now));
        if (liked) {
          events.add(event(user, id, "like", ranking, position, 0, now));
        }
        position++;
      }
      assertThat(api.post("/events", ApiClient.json(events)).status()).isEqualTo(200);
    }
    ((InProcessRankingLog) rankingLog).flush();
    JsonNode report = api.get("/experiments/handover-speed").json();

    browser.page("experiments");
    assertThat(browser.text(".experiment h2")).startsWith("handover-speed").contains("running");
    List<String> verdicts = new ArrayList<>();
    for (JsonNode arm : report.get("variants")) {
      String variant = arm.get("variant").asString();
      assertThat(arm.get("users").asLong()).as(variant + " users").isGreaterThanOrEqualTo(2);
      List<String> row = cells(browser.find("#arms tr[data-variant='" + variant + "']"));
      assertThat(row.subList(1, 4))
          .containsExactly(
              arm.get("rankings").asString(),
              arm.get("users").asString(),
              arm.get("impressions").asString());
      // each rate as "12.3% [8.1%, 16.5%]": the endpoint's value and 95% interval, in percent
      assertNear(
          numbers(row.get(4)),
          values(arm.get("engagement_rate"), 100, "value", "ci_low", "ci_high"),
          0.051);
      assertNear(
          numbers(row.get(5)),
          values(arm.get("like_rate"), 100, "value", "ci_low", "ci_high"),
          0.051);
      // mean dwell in seconds to two decimals: "1.53 s [1.41 s, 1.65 s]"
      assertNear(
          numbers(row.get(6)),
          values(arm.get("mean_dwell_seconds"), 1, "value", "ci_low", "ci_high"),
          0.0051);
      assertThat(row.get(0)).isEqualTo(variant);
      if (variant.equals(report.get("control").asString())) {
        assertThat(row.get(7)).as("no lift against itself").isEqualTo("–");
      } else {
        JsonNode lift = arm.get("lift").get("engagement_rate");
        assertNear(numbers(row.get(7)), values(lift, 100, "relative", "ci_low", "ci_high"), 0.051);
      }
      assertThat(row.get(8)).isEqualTo(arm.get("verdict").asString());
      verdicts.add(variant + "=" + row.get(8));
    }
    // 40 users without Overdrive engaged less than the control's: the page says so
    assertThat(verdicts).contains("control=control", "overdrive_off=worse");
    assertThat(browser.all(".experiment figure.chart")).hasSize(4);

    List<String> exposed = texts("#exposures tbody tr th");
    assertThat(exposed).containsExactlyInAnyOrder("control", "fast_handover", "overdrive_off");
    browser.screenshot("experiments");
    phone("experiments");
  }

  @Test
  void catalogueFindsItemsAndShowsAnItemsEngagement() {
    browser.page("catalogue");
    WebElement search = tabTo("catalogue-q");
    search.sendKeys("travel", Keys.ENTER);
    browser.until(d -> d.getCurrentUrl().contains("q=travel"));
    browser.awaitPage("catalogue");
    List<WebElement> rows = browser.all("#results tbody tr");
    assertThat(rows).isNotEmpty();
    assertThat(rows).allMatch(r -> r.getText().toLowerCase().contains("travel"));
    WebElement first = rows.get(0).findElement(By.cssSelector("a"));
    String item = first.getText();
    first.click();
    browser.awaitPage("catalogue");
    assertThat(browser.text("#item-stats")).contains("impressions");
    assertThat(browser.text("#item .facts")).contains("#travel");
    browser.screenshot("catalogue");
    phone("catalogue");

    // a takedown, confirmed in the dialog: the API never serves the item again
    assertThat(api.get("/items/" + item).status()).isEqualTo(200);
    browser.find("#takedown").click();
    WebElement dialog = browser.find("dialog.confirm[open]");
    assertThat(dialog.getText()).contains("Take " + item + " down?");
    dialog.findElement(By.cssSelector("button[value=ok]")).click();
    String status =
        browser.until(
            d -> {
              String t = d.findElement(By.cssSelector("#item [aria-live]")).getText();
              return t.isEmpty() ? null : t;
            });
    assertThat(status).startsWith(item + " taken down");
    assertThat(api.get("/items/" + item).status()).isEqualTo(410);
    browser.page("catalogue?q=travel&item=" + item);
    assertThat(browser.text("#item")).contains("was taken down at");
  }

  @Test
  void theConsolesOwnCallsAnswerBadInputWith400NamingTheParameter() {
    String tooMany =
        IntStream.range(0, 101).mapToObj(i -> "id=i" + i).collect(Collectors.joining("&"));
    ApiClient.Response r = api.get("/console/api/items?" + tooMany);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asString()).startsWith("id: at most 100 items");
    assertThat(api.get("/console/api/items/search?q=%20").status()).isEqualTo(400);
    assertThat(
            api.get("/console/api/items/search?q=travel&limit=0").json().get("message").asString())
        .startsWith("limit:");
    assertThat(api.get("/console/api/metrics/nope").status()).isEqualTo(404);
    assertThat(api.get("/console/api/models/nope/training-curves.png").status()).isEqualTo(404);
  }

  /** The texts of the elements css finds, read again while a self-refreshing page redraws. */
  private List<String> texts(String css) {
    return browser.until(
        d -> d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList());
  }

  /** Presses Tab from the top of the page until the element with that id has the focus. */
  private WebElement tabTo(String id) {
    browser.js("document.activeElement && document.activeElement.blur()");
    for (int i = 0; i < 20; i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      if (id.equals(browser.focused().getDomAttribute("id"))) {
        return browser.focused();
      }
    }
    throw new AssertionError("Tab never reached #" + id);
  }

  /** The same page on a phone: nothing but the wide tables scrolls sideways; then back. */
  private void phone(String page) {
    try {
      browser.width(Browser.PHONE_WIDTH, page);
      assertThat(browser.clipped()).as("cut off at 375 px").isEmpty();
      assertThat(browser.overflow()).as("sideways overflow at 375 px").isZero();
      browser.screenshot(page + "-375");
    } finally {
      browser.width(Browser.DESKTOP_WIDTH, page);
    }
  }

  /** The numbers in a cell's text ("12.3% [8.1%, 16.5%]" -> 12.3, 8.1, 16.5). */
  private static List<Double> numbers(String text) {
    return Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?")
        .matcher(text.replace(",", ""))
        .results()
        .map(m -> Double.parseDouble(m.group()))
        .toList();
  }

  /** The named fields of an estimate, times scale (100: as percentages). */
  private static List<Double> values(JsonNode estimate, double scale, String... fields) {
    assertThat(estimate).isNotNull();
    List<Double> out = new ArrayList<>();
    for (String f : fields) {
      assertThat(estimate.get(f).isNull()).as(f + " of " + estimate).isFalse();
      out.add(estimate.get(f).asDouble() * scale);
    }
    return out;
  }

  /** An app's event about an item of a served ranking, as {@code POST /events} takes it. */
  private static Map<String, Object> event(
      String user,
      String item,
      String type,
      String ranking,
      int position,
      int dwellMs,
      Instant at) {
    return Map.of(
        "event_id", user + "-" + position + "-" + type,
        "user_id", user,
        "item_id", item,
        "type", type,
        "timestamp", at.toString(),
        "ranking_id", ranking,
        "position", position,
        "dwell_ms", dwellMs);
  }

  /** Each shown figure within rounding (tolerance) of the endpoint's. */
  private static void assertNear(List<Double> shown, List<Double> expected, double tolerance) {
    assertThat(shown).hasSameSizeAs(expected);
    for (int i = 0; i < shown.size(); i++) {
      assertThat(shown.get(i)).isCloseTo(expected.get(i), within(tolerance));
    }
  }

  private static List<String> cells(WebElement row) {
    List<String> out = new ArrayList<>();
    for (WebElement c : row.findElements(By.cssSelector("th, td"))) {
      out.add(c.getText());
    }
    return out;
  }
}
