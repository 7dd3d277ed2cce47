package io.overdrive.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.model.ModelFixtures;
import io.overdrive.model.ModelRegistry;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Standalone API with trained models (OVERDRIVE_MODEL_DIR): in-process retrieval follows the model
 * registry, and the user tower gives a brand-new user candidates from the whole catalogue.
 */
@SpringBootTest
class TrainedModelRetrievalTest {
  static final Path MODELS;
  static final List<String> ITEMS = new ArrayList<>();

  static {
    try {
      MODELS = Files.createTempDirectory("overdrive-models");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 120; i++) {
      ITEMS.add("post" + i);
    }
  }

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry r) {
    r.add("overdrive.model.dir", MODELS::toString);
    r.add("overdrive.model.poll-interval", () -> "200ms");
  }

  @Autowired ForYouRanker ranker;
  @Autowired LocalItemIndex local;
  @Autowired ModelRegistry registry;

  @Test
  void noModelYetSaysSoThenANewUserGetsCandidatesFromTheUserTowerAndTheIndexFollowsTheModel() {
    RankResult before = ranker.rank(new RankRequest("brand-new", List.of(), 5));
    assertThat(before.candidateSource()).isEqualTo("fallback:no_model");
    // nothing heard of yet: no catalogue to fall back on either
    assertThat(before.items()).isEmpty();

    ModelFixtures.publish(MODELS, "m1", ITEMS, 7);
    await().atMost(Duration.ofSeconds(20)).until(() -> local.modelVersion().equals("m1"));
    RankResult r = ranker.rank(new RankRequest("brand-new", List.of(), 5));
    assertThat(r.candidateSource()).isEqualTo("retrieval");
    assertThat(r.items()).hasSize(5).extracting(RankedItem::id).allMatch(ITEMS::contains);

    List<String> renamed = ITEMS.stream().map(id -> "m2-" + id).toList();
    ModelFixtures.publish(MODELS, "m2", renamed, 8);
    await().atMost(Duration.ofSeconds(20)).until(() -> local.modelVersion().equals("m2"));
    assertThat(registry.currentVersion()).isEqualTo("m2");
    assertThat(ranker.rank(new RankRequest("brand-new", List.of(), 5)).items())
        .extracting(RankedItem::id)
        .allMatch(renamed::contains);
  }
}
