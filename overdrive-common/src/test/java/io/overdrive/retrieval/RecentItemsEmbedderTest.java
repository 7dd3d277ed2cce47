package io.overdrive.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.features.UserFeatures;
import io.overdrive.model.UserEmbedder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentItemsEmbedderTest {
  private static UserFeatures user(String userId, List<String> recent) {
    UserFeatures u = UserFeatures.unknown(userId, Instant.now());
    return new UserFeatures(
        userId, u.profile(), Map.of(), Map.of(), Map.of(), recent, 0, 0, null, Instant.now());
  }

  @Test
  void recentItemsEmbeddingIsTheUnitLengthRecencyWeightedMean() {
    Map<String, float[]> vectors =
        Map.of("latest", new float[] {1, 0, 0}, "older", new float[] {0, 1, 0});
    UserEmbedder e =
        new RecentItemsEmbedder(id -> Optional.ofNullable(vectors.get(id)), () -> "v1", 10);

    float[] q = e.embed(user("u", List.of("latest", "gone", "older"))).get();

    // the missing item is skipped; the older one counts 0.85^2 of the latest
    double w = RecentItemsEmbedder.RECENCY_DECAY * RecentItemsEmbedder.RECENCY_DECAY;
    double norm = Math.sqrt(1 + w * w);
    assertThat(q[0]).isCloseTo((float) (1 / norm), within(1e-6f));
    assertThat(q[1]).isCloseTo((float) (w / norm), within(1e-6f));
    assertThat(q[2]).isZero();
    assertThat(e.embed(user("u", List.of("gone")))).isEmpty();
  }
}
