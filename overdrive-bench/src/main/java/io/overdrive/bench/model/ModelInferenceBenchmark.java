package io.overdrive.bench.model;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.scorer.SequenceScorer;
import io.overdrive.ranking.scorer.TwoTowerScorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Latency of the pure-Java learned scorers on an exported model: one request = a user with 50
 * recent items and {@code candidates} candidate items, scored by the two-tower and the sequence
 * scorer (what the API and serving node run per request). Prints one JSON line with the median and
 * p99 in microseconds. Usage: {@code ModelInferenceBenchmark MODEL_DIR [candidates] [requests]}.
 */
public final class ModelInferenceBenchmark {
  private ModelInferenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    try (ModelRegistry registry = new ModelRegistry(dir)) {
      if (!registry.refresh()) {
        throw new IllegalArgumentException("no model published in " + dir);
      }
      LoadedModel model = registry.current().orElseThrow();
      List<String> ids = model.itemIds();
      TwoTowerScorer twoTower = new TwoTowerScorer(registry);
      SequenceScorer sequence = new SequenceScorer(registry);
      InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
      SplittableRandom rnd = new SplittableRandom(1);
      Instant now = Instant.parse("2026-11-27T10:00:00Z");
      long[] twoTowerNanos = new long[requests];
      long[] sequenceNanos = new long[requests];
      int warmup = Math.min(500, requests);
      for (int r = -warmup; r < requests; r++) {
        List<Item> items = new ArrayList<>(candidates);
        for (int c = 0; c < candidates; c++) {
          items.add(Item.withId(ids.get(rnd.nextInt(ids.size()))));
        }
        List<String> recent = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
          recent.add(ids.get(rnd.nextInt(ids.size())));
        }
        UserFeatures user =
            new UserFeatures(
                "bench-user-" + r,
                new UserProfile("u", List.of("gaming"), "", List.of(), null),
                Map.of(),
                Map.of("gaming", 2.0, "comedy", 1.0),
                Map.of(),
                recent,
                1,
                0,
                null,
                now);
        RankingContext ctx =
            RankingContext.of(
                new RankingQuery(
                    new RankRequest(user.userId(), items, 20),
                    now,
                    RankingSettings.defaults(),
                    user,
                    InterestProfile.of(user, taxonomy, 0.5),
                    0));
        long t0 = System.nanoTime();
        ctx.run(twoTower);
        long t1 = System.nanoTime();
        ctx.run(sequence);
        long t2 = System.nanoTime();
        if (r >= 0) {
          twoTowerNanos[r] = t1 - t0;
          sequenceNanos[r] = t2 - t1;
        }
      }
      Arrays.sort(twoTowerNanos);
      Arrays.sort(sequenceNanos);
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\": \"model-inference\", \"model\": \"%s\", \"candidates\": %d,"
              + " \"recent_items\": 50, \"requests\": %d, \"two_tower_us_p50\": %.1f,"
              + " \"two_tower_us_p99\": %.1f, \"sequence_us_p50\": %.1f, \"sequence_us_p99\": %.1f}%n",
          model.version(),
          candidates,
          requests,
          twoTowerNanos[requests / 2] / 1e3,
          twoTowerNanos[(int) (requests * 0.99)] / 1e3,
          sequenceNanos[requests / 2] / 1e3,
          sequenceNanos[(int) (requests * 0.99)] / 1e3);
    }
  }
}
