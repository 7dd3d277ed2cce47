package io.overdrive.serving.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.features.LearningSettings;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ForwardingFeatureStore;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.ItemCachingFeatureStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * ForYou on the serving node reuses item reads as the API does ({@code OVERDRIVE_ITEM_CACHE_TTL}).
 */
class ServingItemCacheTest {
  private final LearningSettings learning = LearningSettings.defaults();
  private final InMemoryFeatureStore memory =
      new InMemoryFeatureStore(
          learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());

  /** A store in another process, as far as the configuration can tell. */
  private final FeatureStore remote = new ForwardingFeatureStore(memory) {};

  private static ServingProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("overdrive", ServingProperties.class);
  }

  @Test
  void aRemoteStoreIsReadThroughTheItemCacheForOneSecondByDefault() {
    assertThat(bind(Map.of()).itemCacheTtl()).hasSeconds(1);
    assertThat(ServingConfiguration.rankingStore(bind(Map.of()), remote))
        .isInstanceOf(ItemCachingFeatureStore.class);
  }

  @Test
  void zeroReadsEveryItemFreshAndMemoryNeedsNoCache() {
    ServingProperties off = bind(Map.of("overdrive.item-cache-ttl", "0"));
    assertThat(ServingConfiguration.rankingStore(off, remote)).isSameAs(remote);
    assertThat(ServingConfiguration.rankingStore(bind(Map.of()), memory)).isSameAs(memory);
  }

  @Test
  void aNegativeTtlStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> bind(Map.of("overdrive.item-cache-ttl", "-1s")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("OVERDRIVE_ITEM_CACHE_TTL");
  }
}
