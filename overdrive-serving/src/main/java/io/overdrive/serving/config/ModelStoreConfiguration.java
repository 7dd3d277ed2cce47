package io.overdrive.serving.config;

import io.overdrive.model.ModelMirror;
import io.overdrive.storage.ObjectStoreSettings;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Model versions from object storage ({@code OVERDRIVE_MODEL_STORE=s3://bucket/prefix}), mirrored
 * into this node's {@code OVERDRIVE_MODEL_DIR}; the index lifecycle and the model registry read
 * that directory as before (decision 0304). The mirror is a singleton, so its first sync is done
 * before the index lifecycle starts polling.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "overdrive", name = "model-store")
public class ModelStoreConfiguration {

  @Bean(destroyMethod = "close")
  ModelMirror modelMirror(Environment env, ServingProperties p) throws IOException {
    ObjectStoreSettings settings =
        ObjectStoreSettings.from(env::getProperty, "overdrive.model-store").orElseThrow();
    return ModelMirror.watching(settings, p.modelDir(), p.modelPollInterval());
  }
}
