package io.overdrive.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.EventIngestor;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.SyntheticEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Standalone mode: retrieval in-process from the model directory, following LATEST. */
@SpringBootTest
class LocalRetrievalTest {
  static final SyntheticEmbeddings GEN = new SyntheticEmbeddings(16, 4, 0.3, 9);
  static final Path MODELS;

  static {
    try {
      MODELS = Files.createTempDirectory("overdrive-models");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry r) {
    r.add("overdrive.model-dir", MODELS::toString);
    r.add("overdrive.model-poll-interval", () -> "100ms");
  }

  @Autowired ForYouRanker ranker;
  @Autowired EventIngestor ingestor;
  @Autowired LocalItemIndex local;

  @Test
  void noModelYetSaysSoThenANewVersionIsPickedUpWithoutRestart() {
    RankResult before = ranker.rank(new RankRequest("dana", List.of(), 5));
    assertThat(before.candidateSource()).isEqualTo("fallback:no_model");
    assertThat(before.items()).isEmpty();

    ModelVersions dir = new ModelVersions(MODELS);
    dir.publish(GEN.items("v1", 300));
    await().atMost(Duration.ofSeconds(10)).until(() -> local.modelVersion().equals("v1"));
    Instant t = Instant.now();
    ingestor.ingest(List.of(Interaction.of("d1", "dana", "i3", InteractionType.LIKE, t)));

    RankResult v1 = ranker.rank(new RankRequest("dana", List.of(), 5));
    assertThat(v1.candidateSource()).isEqualTo("retrieval");
    assertThat(v1.items()).hasSize(5).extracting(RankedItem::id).doesNotContain("i3");

    // v2 renames every item: the next ranking retrieves only v2's items
    ItemEmbeddings v2raw = GEN.items("v2", 300);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(i == 3 ? "i3" : "v2-" + i);
    }
    dir.publish(new ItemEmbeddings("v2", 16, ids, v2raw.vectors()));
    await().atMost(Duration.ofSeconds(10)).until(() -> local.modelVersion().equals("v2"));
    RankResult after = ranker.rank(new RankRequest("dana", List.of(), 5));
    assertThat(after.items()).extracting(RankedItem::id).allMatch(id -> id.startsWith("v2-"));
  }

  @Test
  void aUserWithoutHistoryHasNoQueryAndTheSourceSaysWhy() {
    new ModelVersions(MODELS).publish(GEN.items("v1", 300));
    await().atMost(Duration.ofSeconds(10)).until(() -> !local.modelVersion().isEmpty());
    RankResult r = ranker.rank(new RankRequest("stranger", List.of(), 5));
    assertThat(r.candidateSource()).isEqualTo("fallback:no_user_embedding");
  }
}
