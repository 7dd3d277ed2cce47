package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ranker's item cache is still a {@link FeatureStore} in every respect (the contract, through
 * it), and it spares the remote store repeated item reads while never serving what was written
 * through it stale.
 */
class ItemCachingFeatureStoreTest extends FeatureStoreContract {

  @Override
  protected FeatureStore createEmptyStore() {
    return new ItemCachingFeatureStore(memory(), Duration.ofMinutes(1), 1000);
  }

  static InMemoryFeatureStore memory() {
    return new InMemoryFeatureStore(
        LEARNING.decay(), LEARNING.sequenceLength(), LEARNING.sessionTimeout().toMillis());
  }

  /** A store behind the cache that holds items a, b and c and counts the reads reaching it. */
  private static CountingStore remoteOfABC() {
    CountingStore remote = new CountingStore(memory());
    remote.putItems(List.of(Item.withId("a"), Item.withId("b"), Item.withId("c")));
    return remote;
  }

  @Test
  void repeatedItemReadsWithinTheTtlDoNotReachTheStore() {
    CountingStore remote = remoteOfABC();
    ItemCachingFeatureStore cached =
        new ItemCachingFeatureStore(remote, Duration.ofMinutes(1), 1000);
    cached.items(List.of("a", "b"));
    Map<String, ItemRecord> second = cached.items(List.of("c", "b", "a"));

    assertThat(second.keySet()).containsExactly("c", "b", "a");
    assertThat(second.get("a").known()).isTrue();
    assertThat(remote.requested).containsExactly(List.of("a", "b"), List.of("c"));
  }

  @Test
  void theRankingsReadInOrderIsTheMapsReadAndSharesTheCache() {
    CountingStore remote = remoteOfABC();
    ItemCachingFeatureStore cached =
        new ItemCachingFeatureStore(remote, Duration.ofMinutes(1), 1000);
    cached.items(List.of("a", "b"));
    List<ItemRecord> inOrder = cached.itemsInOrder(List.of("c", "b", "x", "a"));

    assertThat(inOrder)
        .extracting(r -> r.item().id())
        .containsExactly("c", "b", "x", "a"); // x: unknown, a bare record as items() gives
    assertThat(inOrder).extracting(ItemRecord::known).containsExactly(true, true, false, true);
    assertThat(inOrder).isEqualTo(List.copyOf(cached.items(List.of("c", "b", "x", "a")).values()));
    assertThat(remote.requested).containsExactly(List.of("a", "b"), List.of("c", "x"));
  }

  /**
   * The ranking's user read takes the candidates the cache lacks along (one call, one round trip at
   * Redis); its read of the candidates right after then reaches the store no more.
   */
  @Test
  void theUserIsReadWithTheCandidatesTheCacheLacks() {
    CountingStore remote = remoteOfABC();
    ItemCachingFeatureStore cached =
        new ItemCachingFeatureStore(remote, Duration.ofMinutes(1), 1000);
    cached.items(List.of("a", "b"));
    List<Item> candidates = List.of(Item.withId("c"), Item.withId("b"), Item.withId("x"));

    cached.userBeforeItems("u1", T0, candidates);
    List<ItemRecord> inOrder = cached.itemsInOrder(List.of("c", "b", "x"));

    assertThat(remote.together).containsExactly(List.of("c", "x"));
    assertThat(remote.requested).containsExactly(List.of("a", "b"));
    assertThat(inOrder).extracting(ItemRecord::known).containsExactly(true, true, false);

    cached.userBeforeItems("u1", T0, candidates); // every candidate cached: the user alone
    assertThat(remote.together).hasSize(1);
    assertThat(remote.users).isEqualTo(2);
  }

  @Test
  void anExpiredEntryIsReadAgain() throws InterruptedException {
    CountingStore remote = new CountingStore(memory());
    ItemCachingFeatureStore cached =
        new ItemCachingFeatureStore(remote, Duration.ofMillis(20), 1000);
    cached.items(List.of("a"));
    Thread.sleep(40);
    cached.items(List.of("a"));
    assertThat(remote.requested).containsExactly(List.of("a"), List.of("a"));
  }

  @Test
  void eventsAndCatalogueWritesThroughTheCacheAreSeenAtOnce() {
    ItemCachingFeatureStore cached =
        new ItemCachingFeatureStore(memory(), Duration.ofMinutes(1), 1000);
    assertThat(cached.items(List.of("n1")).get("n1").stats().likes()).isZero();

    cached.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "food")));
    assertThat(cached.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(1);

    cached.putItems(List.of(new Item("n1", "a9", "hello", List.of(), List.of(), null, null, 0.7)));
    assertThat(cached.items(List.of("n1")).get("n1").item().authorId()).isEqualTo("a9");
  }

  @Test
  void theCacheStaysWithinItsSize() {
    CountingStore remote = new CountingStore(memory());
    ItemCachingFeatureStore cached = new ItemCachingFeatureStore(remote, Duration.ofMinutes(1), 2);
    cached.items(List.of("a", "b"));
    cached.items(List.of("c")); // over the bound: emptied, then c cached
    cached.items(List.of("a"));
    assertThat(remote.requested).containsExactly(List.of("a", "b"), List.of("c"), List.of("a"));
  }

  /** Records which item ids reach the store behind the cache. */
  static final class CountingStore extends ForwardingFeatureStore {
    final List<List<String>> requested = new ArrayList<>();
    final List<List<String>> together = new ArrayList<>();
    int users;

    @Override
    public io.overdrive.features.UserFeatures user(String userId, java.time.Instant now) {
      users++;
      return delegate.user(userId, now);
    }

    @Override
    public UserAndItems userAndItems(
        String userId, java.time.Instant now, Collection<String> itemIds) {
      together.add(List.copyOf(itemIds));
      users++;
      return delegate.userAndItems(userId, now, itemIds);
    }

    CountingStore(FeatureStore delegate) {
      super(delegate);
    }

    @Override
    public Map<String, ItemRecord> items(Collection<String> itemIds) {
      requested.add(List.copyOf(itemIds));
      return delegate.items(itemIds);
    }

    @Override
    public String describe() {
      return "counting";
    }
  }
}
