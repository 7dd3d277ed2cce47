package io.overdrive.ranking;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.EventIngestor;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.InMemoryFeatureStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The standard pipeline over an in-memory store, for tests of ranking behaviour. */
public final class PipelineFixture {
  public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  public final LearningSettings learning = LearningSettings.defaults();
  public final InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
  public final InMemoryFeatureStore store =
      new InMemoryFeatureStore(
          learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
  public final InteractionUpdater updater = new InteractionUpdater(taxonomy, learning);
  public final EventIngestor ingestor = new EventIngestor(store, updater);
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final RankingPipeline pipeline =
      ForYouPipelines.standard(store, taxonomy, learning, registry, List.of(), List.of());
  private final AtomicLong eventIds = new AtomicLong();

  public RankResult rank(String userId, List<Item> candidates, int limit, RankingSettings s) {
    return pipeline.rank(new RankRequest(userId, candidates, limit), s, "control", NOW);
  }

  public RankResult rank(String userId, List<Item> candidates, int limit) {
    return rank(userId, candidates, limit, RankingSettings.defaults());
  }

  public void signup(String userId, List<String> interests, String bio, List<String> follows) {
    store.putProfile(new UserProfile(userId, interests, bio, follows, NOW));
  }

  /** Applies one interaction with the item's hashtags and author, at {@code at}. */
  public void interact(String userId, Item item, InteractionType type, long dwellMs, Instant at) {
    ingestor.ingest(
        List.of(
            new Interaction(
                "t" + eventIds.incrementAndGet(),
                userId,
                item.id(),
                item.authorId(),
                type,
                dwellMs,
                null,
                null,
                "for_you",
                null,
                at,
                item.hashtags())));
  }

  public static Item item(String id, String author, String... hashtags) {
    return new Item(
        id,
        author,
        "a post",
        List.of(hashtags),
        List.of("image"),
        NOW.minusSeconds(3600),
        0.05,
        0.7);
  }
}
