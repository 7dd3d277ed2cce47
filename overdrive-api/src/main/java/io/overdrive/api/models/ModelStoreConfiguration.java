package io.overdrive.api.models;

import io.overdrive.model.ModelMirror;
import io.overdrive.storage.ObjectStoreSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Model versions from object storage ({@code OVERDRIVE_MODEL_STORE=s3://bucket/prefix}): mirrored
 * into this replica's {@code OVERDRIVE_MODEL_DIR}, where {@link ModelConfiguration}'s registry
 * loads them as if the trainer had written there (decision 0304). The first sync runs before the
 * registry's first load, so a replica starts with the current model.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "overdrive", name = "model-store")
@EnableConfigurationProperties(ModelProperties.class)
public class ModelStoreConfiguration {

  @Bean(destroyMethod = "close")
  ModelMirror modelMirror(Environment env, ModelProperties model) throws IOException {
    ObjectStoreSettings settings =
        ObjectStoreSettings.from(env::getProperty, "overdrive.model-store").orElseThrow();
    Path dir = model.dir() == null || model.dir().isBlank() ? null : Path.of(model.dir());
    return ModelMirror.watching(settings, dir, model.pollInterval());
  }
}
