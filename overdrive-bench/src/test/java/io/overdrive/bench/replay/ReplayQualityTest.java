package io.overdrive.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.training.data.MovieLensLoader;
import io.overdrive.training.eval.RankingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The untimed logic of bench/replay-quality.sh on a small MovieLens-100K-layout directory. */
class ReplayQualityTest {
  @TempDir Path dir;
  ReplayData data;
  List<Interaction> history;

  /*
   * Ratings (user item time): 1 rates 11, 12, then 13 last; 2 rates 11, 14, then 12 last; 3
   * rates 11 then 15 last (15 is rated by nobody else). Genres: 11 comedy, 12 drama, 13 action, 14
   * comedy+drama, 15 action.
   */
  @BeforeEach
  void load() throws IOException {
    Files.write(
        dir.resolve("u.data"),
        List.of(
            "1\t11\t5\t100",
            "1\t12\t4\t200",
            "1\t13\t5\t300",
            "2\t14\t3\t150",
            "2\t11\t4\t110",
            "2\t12\t5\t400",
            "3\t11\t4\t120",
            "3\t15\t2\t500"));
    Files.write(
        dir.resolve("u.item"),
        List.of(
            movie("11", "Comedy"),
            movie("12", "Drama"),
            movie("13", "Action"),
            movie("14", "Comedy", "Drama"),
            movie("15", "Action")));
    data = ReplayData.load(dir);
    ReplayEvents mapping = ReplayEvents.of("like", "original", true, data, Instant.now());
    history = new ArrayList<>();
    for (ReplayData.Rating r : data.historyInTimeOrder()) {
      history.add(mapping.event(r, data.item(r.itemId()), data.timed()));
    }
  }

  @Test
  void eachUsersLastItemIsHeldOutAndNeverLoaded() {
    assertThat(data.users())
        .extracting(ReplayData.User::userId, ReplayData.User::heldOut)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "13"),
            org.assertj.core.groups.Tuple.tuple("2", "12"),
            org.assertj.core.groups.Tuple.tuple("3", "15"));
    assertThat(history)
        .extracting(e -> e.userId() + ":" + e.itemId())
        .containsExactly("1:11", "2:11", "3:11", "2:14", "1:12");
    assertThat(ReplayQuality.historyItems(user("2"))).containsExactlyInAnyOrder("11", "14");
  }

  @Test
  void signupInterestsComeFromTheLoadedHistoryOnly() {
    // 1's held-out 13 is an action film: its genre must not leak into the profile
    assertThat(ReplayQuality.topGenres(data, user("1"), 3)).containsExactly("comedy", "drama");
    // 2: comedy twice (11, 14), drama once (14); the held-out 12 (drama) does not count
    assertThat(ReplayQuality.topGenres(data, user("2"), 1)).containsExactly("comedy");
  }

  @Test
  void itemsArePostedAtTheirFirstLoadedEventAndHeldOutOnlyItemsWhenTheHistoryEnds() {
    Map<String, Instant> created = ReplayQuality.createdAt(history, data.catalogue());
    assertThat(created.get("11")).isEqualTo(Instant.ofEpochSecond(100));
    assertThat(created.get("14")).isEqualTo(Instant.ofEpochSecond(150));
    // 13 and 15 are only ever someone's held-out item: both posted at the history's end (200),
    // not at their held-out times (300, 500), which would tell the feed which items are targets
    assertThat(created.get("13")).isEqualTo(Instant.ofEpochSecond(200));
    assertThat(created.get("15")).isEqualTo(Instant.ofEpochSecond(200));
  }

  @Test
  void popRecServesTheMostCountedItemsTheUserHasNotSeen() {
    List<String> order = ReplayQuality.byPopularity(ReplayQuality.counts(history));
    // 11 three events; 12 and 14 one each (ties by id)
    assertThat(order).containsExactly("11", "12", "14");
    assertThat(ReplayQuality.popRec(order, ReplayQuality.historyItems(user("1")), 20))
        .containsExactly("14");
    assertThat(ReplayQuality.popRec(order, ReplayQuality.historyItems(user("2")), 20))
        .containsExactly("12");
    assertThat(ReplayQuality.popRec(order, Set.of(), 2)).containsExactly("11", "12");
  }

  @Test
  void popRecHitsOnlyWhereTheHeldOutItemIsInItsList() {
    // 2's held-out 12 is first of their PopRec list (11 seen, then 12); 1's 13 and 3's 15
    // were never loaded, so PopRec cannot serve them
    RankingMetrics m = ReplayQuality.popRecMetrics(data.users(), history, 20);
    assertThat(m.users()).isEqualTo(3);
    assertThat(m.hr20()).isEqualTo(1.0 / 3);
    assertThat(m.ndcg20()).isEqualTo(1.0 / 3); // rank 1: a gain of 1
    List<ReplayData.User> u2Only = Collections.singletonList(user("2"));
    assertThat(ReplayQuality.popRecMetrics(u2Only, history, 20).hr20()).isEqualTo(1.0);
  }

  @Test
  void servedItemsTheUserAlreadyEngagedWithAreCounted() {
    Set<String> seen = ReplayQuality.historyItems(user("1"));
    assertThat(ReplayQuality.alreadySeen(List.of("14", "11", "15", "12"), seen)).isEqualTo(2);
    assertThat(ReplayQuality.alreadySeen(List.of("14", "15"), seen)).isZero();
  }

  @Test
  void theImportHoldsItemsWithTheirTimesProfilesAndTheHistoryInTimeOrder() throws IOException {
    Path out =
        ReplayQuality.writeImport(
            dir.resolve("import"),
            data,
            history,
            ReplayQuality.createdAt(history, data.catalogue()),
            List.of(
                new io.overdrive.domain.UserProfile("1", List.of("comedy"), "", List.of(), null)));
    List<String> items = Files.readAllLines(out.resolve("items.jsonl"));
    assertThat(items).hasSize(5);
    assertThat(items.get(0)).contains("\"id\":\"11\"", "comedy", "1970-01-01T00:01:40Z");
    assertThat(Files.readAllLines(out.resolve("users.jsonl")))
        .singleElement()
        .asString()
        .contains("\"interests\":[\"comedy\"]");
    assertThat(Files.readAllLines(out.resolve("events.jsonl")))
        .hasSize(5)
        .noneMatch(line -> line.contains("\"13\"") || line.contains("\"15\""));
  }

  private ReplayData.User user(String id) {
    return data.users().stream().filter(u -> u.userId().equals(id)).findFirst().orElseThrow();
  }

  /** A u.item line: id|title|date|video date|url|19 genre flags. */
  private static String movie(String id, String... genres) {
    List<String> all = MovieLensLoader.ML100K_GENRES;
    StringBuilder line = new StringBuilder(id + "|Film " + id + "|01-Jan-1995||");
    for (String g : all) {
      line.append('|').append(List.of(genres).contains(g) ? '1' : '0');
    }
    return line.toString();
  }
}
