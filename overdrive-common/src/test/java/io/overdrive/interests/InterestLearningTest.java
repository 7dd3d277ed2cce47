package io.overdrive.interests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InterestLearningTest {
  private final PipelineFixture f = new PipelineFixture();

  /**
   * Users whose true interests are known act out 150 events each under the hidden preference model
   * (with popularity-driven exposure off their interests, skips and reports); their learned
   * interests, read back from the store, must name what they really like: the strongest learned
   * topic is a true one, and the top-k learned topics (k = number of true interests) recall them.
   */
  @Test
  void learnedTopInterestsOfSyntheticUsersAreTheirTrueInterests() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(120).withItems(4000).withEventsPerUser(150));
    Set<String> topics = Set.copyOf(world.topics());
    Instant now = world.config().start().plus(Duration.ofDays(2));
    int strongestRight = 0;
    double recallSum = 0;
    int averseToTruth = 0;
    int trueInterests = 0;
    for (SyntheticUser u : world.users()) {
      f.ingestor.ingest(world.interactions(u));
      InterestProfile p = InterestProfile.of(f.store.user(u.id(), now), f.taxonomy, 0.5);
      // compare on the world's topic vocabulary (groupings such as "health" are learned too)
      List<String> learnedTopics =
          p.topLearned(50).stream()
              .map(Map.Entry::getKey)
              .filter(topics::contains)
              .limit(u.trueInterests().size())
              .toList();
      Set<String> truth = u.trueInterests().keySet();
      if (!learnedTopics.isEmpty() && truth.contains(learnedTopics.get(0))) {
        strongestRight++;
      }
      recallSum += learnedTopics.stream().filter(truth::contains).count() / (double) truth.size();
      averseToTruth +=
          (int) truth.stream().filter(t -> p.learned().getOrDefault(t, 0.0) < 0).count();
      trueInterests += truth.size();
    }
    int n = world.users().size();
    double strongestShare = strongestRight / (double) n;
    double recall = recallSum / n;
    System.out.printf(
        Locale.ROOT,
        "interest learning: users=%d strongest_is_true=%.3f recall_at_true_k=%.3f averse_to_truth=%d%n",
        n,
        strongestShare,
        recall,
        averseToTruth);
    // observed (seed 42): strongest 1.000, recall 0.836, 8 of ~300 true interests net-negative
    // (weak true interests the user mostly scrolled past); asserted with a margin below
    assertThat(strongestShare).isGreaterThanOrEqualTo(0.95);
    assertThat(recall).isGreaterThanOrEqualTo(0.80);
    assertThat(averseToTruth / (double) trueInterests).isLessThan(0.08);
  }

  @Test
  void negativeSignalsLowerWeightsAndStrongerOnesLowerMore() {
    Item gaming = PipelineFixture.item("g1", "a1", "gaming");
    Instant t = PipelineFixture.NOW;
    for (int i = 0; i < 3; i++) {
      f.interact("u", gaming, InteractionType.LIKE, 0, t);
    }
    double afterLikes = learnedRaw("u", "gaming");
    assertThat(afterLikes).isGreaterThan(0);
    f.interact("u", gaming, InteractionType.SKIP, 0, t);
    double afterSkip = learnedRaw("u", "gaming");
    f.interact("u", gaming, InteractionType.NOT_INTERESTED, 0, t);
    double afterNotInterested = learnedRaw("u", "gaming");
    f.interact("u", gaming, InteractionType.REPORT, 0, t);
    double afterReport = learnedRaw("u", "gaming");
    assertThat(afterSkip).isLessThan(afterLikes);
    assertThat(afterNotInterested).isLessThan(afterSkip);
    assertThat(afterReport).isLessThan(0);
    assertThat(afterSkip - afterNotInterested).isGreaterThan(afterLikes - afterSkip);
    assertThat(afterNotInterested - afterReport).isGreaterThan(afterSkip - afterNotInterested);
    // the aversion shows in the profile, signed
    InterestProfile p = InterestProfile.of(f.store.user("u", t), f.taxonomy, 0.5);
    assertThat(p.aversions(5)).extracting(Map.Entry::getKey).contains("gaming");
  }

  @Test
  void behaviourIsWeightedByTypeAndViewsByDwell() {
    Instant t = PipelineFixture.NOW;
    f.interact("share", PipelineFixture.item("x", "a", "food"), InteractionType.SHARE, 0, t);
    f.interact("like", PipelineFixture.item("x", "a", "food"), InteractionType.LIKE, 0, t);
    f.interact("long", PipelineFixture.item("x", "a", "food"), InteractionType.VIEW, 30_000, t);
    f.interact("short", PipelineFixture.item("x", "a", "food"), InteractionType.VIEW, 5_000, t);
    f.interact("bounce", PipelineFixture.item("x", "a", "food"), InteractionType.VIEW, 500, t);
    assertThat(learnedRaw("share", "food")).isGreaterThan(learnedRaw("like", "food"));
    assertThat(learnedRaw("like", "food")).isGreaterThan(learnedRaw("long", "food"));
    assertThat(learnedRaw("long", "food")).isGreaterThan(learnedRaw("short", "food"));
    assertThat(learnedRaw("bounce", "food")).isLessThan(0);
  }

  @Test
  void engagedHashtagsTeachTheirGroupings() {
    f.interact(
        "u", PipelineFixture.item("x", "a", "#PS5"), InteractionType.LIKE, 0, PipelineFixture.NOW);
    assertThat(learnedRaw("u", "ps5")).isGreaterThan(0);
    assertThat(learnedRaw("u", "gaming")).isCloseTo(0.5 * learnedRaw("u", "ps5"), within(1e-9));
    // running -> fitness -> health: two levels up gets a quarter
    f.interact(
        "r",
        PipelineFixture.item("y", "a", "marathon"),
        InteractionType.LIKE,
        0,
        PipelineFixture.NOW);
    assertThat(learnedRaw("r", "health"))
        .isCloseTo(0.25 * learnedRaw("r", "running"), within(1e-9));
  }

  @Test
  void olderBehaviourDecays() {
    Instant now = PipelineFixture.NOW;
    f.interact(
        "u",
        PipelineFixture.item("x", "a", "travel"),
        InteractionType.LIKE,
        0,
        now.minus(Duration.ofDays(28)));
    f.interact("u", PipelineFixture.item("y", "a", "books"), InteractionType.LIKE, 0, now);
    // 28 days = two half-lives of 14 days
    assertThat(learnedRaw("u", "travel") / learnedRaw("u", "books")).isCloseTo(0.25, within(1e-6));
  }

  @Test
  void declaredInterestsComeFromSignupBioWordsAndBioHashtags() {
    UserProfile profile =
        new UserProfile(
            "u",
            List.of("Sci-Fi", "#knitting"),
            "Runner, photographer & #PS5 addict",
            List.of(),
            null);
    Map<String, Double> d = InterestProfile.declared(profile, f.taxonomy, 0.5);
    assertThat(d.get("sci_fi")).isEqualTo(InterestProfile.SIGNUP_WEIGHT);
    assertThat(d.get("knitting")).isEqualTo(InterestProfile.SIGNUP_WEIGHT); // open vocabulary
    assertThat(d.get("books")).isEqualTo(0.5); // a grouping of sci_fi
    assertThat(d.get("ps5")).isEqualTo(InterestProfile.BIO_HASHTAG_WEIGHT);
    assertThat(d.get("gaming")).isEqualTo(0.5 * InterestProfile.BIO_HASHTAG_WEIGHT);
    assertThat(d.get("photography")).isEqualTo(InterestProfile.BIO_WORD_WEIGHT);
    assertThat(d.get("running")).isEqualTo(InterestProfile.BIO_WORD_WEIGHT);
    assertThat(d).doesNotContainKey("addict");
    assertThat(InterestProfile.bioWords("Runner & #PS5 fan -- sci-fi"))
        .containsExactly("Runner", "#PS5", "fan", "sci-fi");
  }

  @Test
  void topInterestsMoveFromDeclaredToLearnedWithPersonalization() {
    InterestProfile p =
        new InterestProfile(Map.of("gaming", 1.0), Map.of("food", 1.0, "gaming", -0.2));
    assertThat(p.top(1, 0.0)).extracting(Map.Entry::getKey).containsExactly("gaming");
    assertThat(p.top(1, 0.9)).extracting(Map.Entry::getKey).containsExactly("food");
    assertThat(p.likes("gaming")).isTrue();
    assertThat(p.likes("music")).isFalse();
  }

  private double learnedRaw(String user, String interest) {
    return f.store.user(user, PipelineFixture.NOW).interestWeights().getOrDefault(interest, 0.0);
  }

  static Set<String> keys(List<Map.Entry<String, Double>> entries) {
    return entries.stream().map(Map.Entry::getKey).collect(Collectors.toSet());
  }
}
