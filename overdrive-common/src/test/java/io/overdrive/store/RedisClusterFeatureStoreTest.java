package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InteractionType;
import io.overdrive.features.FeatureDelta;
import io.overdrive.store.FeatureStore.ApplyResult;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.testing.RedisCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis adapter against a real three-node Redis Cluster: the same contract, so hash tags keep
 * every script call within one slot (a call crossing slots would fail with CROSSSLOT).
 */
class RedisClusterFeatureStoreTest extends FeatureStoreContract {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void empty() {
    cluster.flushAll();
  }

  @Override
  protected FeatureStore createEmptyStore() {
    return RedisFeatureStore.connect(RedisStoreSettings.of(cluster.url()), LEARNING);
  }

  @Test
  void aSingleSeedNodeIsRecognisedAsACluster() {
    try (RedisFeatureStore store =
        RedisFeatureStore.connect(RedisStoreSettings.of(cluster.nodes().get(1).url()), LEARNING)) {
      assertThat(store.isCluster()).isTrue();
      assertThat(store.describe()).startsWith("redis-cluster://");
    }
  }

  @Test
  void aBatchSpanningAllNodesIsAppliedOnceAndReadBack() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(30).withItems(200).withEventsPerUser(30));
    List<FeatureDelta> all = UPDATER.deltas(world.interactions());
    FeatureStore store = newStore();
    assertThat(store.apply(all)).isEqualTo(new ApplyResult(all.size(), 0));
    assertThat(store.apply(all)).isEqualTo(new ApplyResult(0, all.size()));
    long keysOnNodes =
        cluster.nodes().stream().mapToLong(n -> Long.parseLong(n.command("DBSIZE"))).sum();
    assertThat(cluster.nodes())
        .as("every node holds some of the keys")
        .allSatisfy(n -> assertThat(Long.parseLong(n.command("DBSIZE"))).isPositive());
    assertThat(keysOnNodes).isGreaterThan(world.users().size());
    long likes =
        world.users().stream()
            .mapToLong(u -> store.user(u.profile().userId(), T0).count(InteractionType.LIKE))
            .sum();
    assertThat(likes)
        .isEqualTo(
            world.interactions().stream().filter(e -> e.type() == InteractionType.LIKE).count());
  }
}
