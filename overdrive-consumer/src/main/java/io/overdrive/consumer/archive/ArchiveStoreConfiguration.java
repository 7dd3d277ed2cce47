package io.overdrive.consumer.archive;

import io.overdrive.events.ArchiveWriter;
import io.overdrive.storage.ObjectStoreSettings;
import io.overdrive.storage.S3ObjectStore;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With {@code OVERDRIVE_ARCHIVE_STORE=s3://bucket/prefix}, finished archive parts go to object
 * storage, where the trainer fetches them (decision 0304): consumers need no volume shared with the
 * trainer or with each other.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "overdrive", name = "archive-store")
public class ArchiveStoreConfiguration {
  /**
   * Parts finish every OVERDRIVE_ARCHIVE_ROLL_SECONDS at most; checking twice a minute is ample.
   */
  static final Duration SHIP_INTERVAL = Duration.ofSeconds(30);

  @Bean
  ArchiveShipping archiveShipping(Environment env, ObjectProvider<ArchiveWriter> writer) {
    ObjectStoreSettings settings =
        ObjectStoreSettings.from(env::getProperty, "overdrive.archive-store").orElseThrow();
    ArchiveWriter w =
        writer.getIfAvailable(
            () -> {
              throw new IllegalStateException(
                  "OVERDRIVE_ARCHIVE_STORE is set, but the archive is off (OVERDRIVE_ARCHIVE_DIR"
                      + " is empty): set OVERDRIVE_ARCHIVE_DIR to a local directory");
            });
    return new ArchiveShipping(w, new S3ObjectStore(settings), SHIP_INTERVAL);
  }
}
