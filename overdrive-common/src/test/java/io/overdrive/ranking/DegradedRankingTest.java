package io.overdrive.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.UserFeatures;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ForwardingFeatureStore;
import io.overdrive.store.ItemCachingFeatureStore;
import io.overdrive.store.ItemRecord;
import io.overdrive.store.LastKnownFeatureStore;
import io.overdrive.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the feature store unreachable, For You still answers from what the process knows, marked
 * degraded and counted; the next request after the store returns is a full ranking again.
 */
class DegradedRankingTest {
  private final PipelineFixture f = new PipelineFixture();
  private final SwitchableStore remote = new SwitchableStore(f.store);
  private final ItemCachingFeatureStore cached =
      new ItemCachingFeatureStore(remote, Duration.ofMillis(1), 1000);
  private final Clock clock = Clock.fixed(PipelineFixture.NOW, ZoneOffset.UTC);
  private final ForYouService service =
      new ForYouService(
          ranker(cached),
          ranker(new LastKnownFeatureStore(cached)),
          new RecentCatalogue(100),
          f.registry,
          io.overdrive.outcomes.RankingLog.OFF,
          clock);

  private ForYouRanker ranker(FeatureStore store) {
    return new ForYouRanker(
        ForYouPipelines.standard(store, f.taxonomy, f.learning, f.registry, List.of(), List.of()),
        ExperimentAssigner.none(RankingSettings.defaults()),
        clock);
  }

  @Test
  void anUnreachableStoreGivesADegradedRankingFromTheItemsReadLastAndRecoveryIsAutomatic() {
    Item hit = PipelineFixture.item("hit", "a1", "food");
    for (int i = 0; i < 5; i++) {
      f.interact("fan" + i, hit, InteractionType.LIKE, 9000, PipelineFixture.NOW.minusSeconds(60));
    }
    List<Item> candidates = List.of(Item.withId("hit"), Item.withId("dud"), Item.withId("new"));
    RankResult full = service.rank(new RankRequest("u", candidates, 10));
    assertThat(full.degraded()).isFalse();

    remote.down = true;
    RankResult degraded = service.rank(new RankRequest("u", candidates, 10));

    assertThat(degraded.degraded()).isTrue();
    assertThat(degraded.degradedReason()).isEqualTo(ForYouService.STORE_UNAVAILABLE);
    assertThat(degraded.items())
        .extracting(RankedItem::id)
        .containsExactlyInAnyOrder("hit", "dud", "new");
    // the liked item's stats and catalogue record (expired in the cache, still remembered) rank it
    // as the full ranking did
    assertThat(degraded.items().get(0).id()).isEqualTo("hit");
    assertThat(degraded.items().get(0).id()).isEqualTo(full.items().get(0).id());
    assertThat(
            f.registry
                .get(ForYouService.DEGRADED_METRIC)
                .tag("reason", ForYouService.STORE_UNAVAILABLE)
                .counter()
                .count())
        .isEqualTo(1);

    remote.down = false;
    assertThat(service.rank(new RankRequest("u", candidates, 10)).degraded()).isFalse();
  }

  @Test
  void withoutADegradedRankerTheStoresErrorReachesTheCaller() {
    ForYouService strict = new ForYouService(ranker(cached), new RecentCatalogue(10), f.registry);
    remote.down = true;
    assertThatThrownBy(() -> strict.rank(new RankRequest("u", List.of(Item.withId("a")), 10)))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void theLastKnownStoreAcceptsNoWrites() {
    LastKnownFeatureStore lastKnown = new LastKnownFeatureStore(cached);
    assertThatThrownBy(() -> lastKnown.apply(List.of()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> lastKnown.eraseUser("u"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(lastKnown.items(List.of("never-read")).get("never-read").known()).isFalse();
  }

  /** A store that answers like an unreachable Redis while {@code down}. */
  private static final class SwitchableStore extends ForwardingFeatureStore {
    volatile boolean down;

    SwitchableStore(FeatureStore delegate) {
      super(delegate);
    }

    @Override
    public UserFeatures user(String userId, Instant now) {
      check();
      return super.user(userId, now);
    }

    @Override
    public Map<String, ItemRecord> items(Collection<String> itemIds) {
      check();
      return super.items(itemIds);
    }

    private void check() {
      if (down) {
        throw new StoreUnavailableException("connection refused", null);
      }
    }
  }
}
