package io.overdrive.api.models;

import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.ModelMirror;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.TwoTowerUserEmbedder;
import io.overdrive.model.UserEmbedder;
import io.overdrive.ranking.scorer.SequenceScorer;
import io.overdrive.ranking.scorer.TwoTowerScorer;
import io.overdrive.store.ErasedUsers;
import io.overdrive.store.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The learned models, when {@code OVERDRIVE_MODEL_DIR} is set: a {@link ModelRegistry} that loads
 * the current version and hot-swaps new ones, the two learned scorers of the For You pipeline and
 * the {@link UserEmbedder} for retrieval. Scoring is pure Java (no PyTorch in the API).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "overdrive.model", name = "dir")
@EnableConfigurationProperties(ModelProperties.class)
public class ModelConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

  @Bean(destroyMethod = "close")
  ModelRegistry modelRegistry(ModelProperties props, ObjectProvider<ModelMirror> mirror) {
    // with OVERDRIVE_MODEL_STORE, the mirror's first sync fills the directory before it is read
    mirror.ifAvailable(m -> {});
    if (props.dir() == null || props.dir().isBlank()) {
      throw new IllegalStateException("OVERDRIVE_MODEL_DIR is set but empty");
    }
    Path dir = Path.of(props.dir());
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "OVERDRIVE_MODEL_DIR="
              + props.dir()
              + " is not a directory (run the trainer with"
              + " --output-dir pointing there, or create it empty and the models load when"
              + " published)");
    }
    ModelRegistry registry = ModelRegistry.watching(dir, props.pollInterval());
    log.info(
        "Models: {} from {} (checked every {})",
        registry.current().isPresent() ? registry.currentVersion() : "none yet",
        dir,
        props.pollInterval());
    return registry;
  }

  @Bean
  @Order(1)
  TwoTowerScorer twoTowerScorer(ModelRegistry registry, ErasedUsers erased) {
    return new TwoTowerScorer(registry, erased);
  }

  /** The store's erasure tombstones, re-read every second: erased users get no id embedding. */
  @Bean(destroyMethod = "close")
  ErasedUsers erasedUsers(FeatureStore store) {
    return ErasedUsers.watching(store, ErasedUsers.DEFAULT_REFRESH);
  }

  @Bean
  @Order(2)
  SequenceScorer sequenceScorer(ModelRegistry registry) {
    return new SequenceScorer(registry);
  }

  @Bean
  UserEmbedder userEmbedder(
      ModelRegistry registry,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      ErasedUsers erased) {
    return new TwoTowerUserEmbedder(registry, taxonomy, learning.parentShare(), erased);
  }
}
