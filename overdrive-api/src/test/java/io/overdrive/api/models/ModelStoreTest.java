package io.overdrive.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.api.ApiClient;
import io.overdrive.api.OverdriveApiApplication;
import io.overdrive.model.ModelFixtures;
import io.overdrive.model.ModelPublisher;
import io.overdrive.storage.ObjectStore;
import io.overdrive.testing.S3Server;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API as a Kubernetes pod runs it: versions come from object storage (OVERDRIVE_MODEL_STORE, a
 * real S3-compatible server here) into the pod's own directory, the current one before the first
 * request, later ones live.
 */
class ModelStoreTest {
  private static final List<String> ITEMS = IntStream.range(0, 20).mapToObj(i -> "i" + i).toList();

  @TempDir Path trainer;
  @TempDir Path pod;

  @Test
  void startsWithTheStoresVersionAndSwapsInTheNextOne() throws Exception {
    try (S3Server s3 = new S3Server()) {
      s3.createBucket("overdrive");
      ObjectStore store = s3.store("s3://overdrive/models");
      ModelFixtures.publish(trainer, "20261206T010000Z-aaaaaa", ITEMS, 1);
      ModelPublisher.publish(store, trainer, "20261206T010000Z-aaaaaa");

      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(OverdriveApiApplication.class)
              .properties(
                  "server.port=0",
                  "spring.main.banner-mode=off",
                  "overdrive.model-store=s3://overdrive/models",
                  "overdrive.s3.endpoint=" + s3.endpoint(),
                  "overdrive.model.dir=" + pod,
                  "overdrive.model.poll-interval=200ms")
              .run()) {
        ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
        assertThat(api.get("/metrics").body())
            .as("loaded before the first request")
            .contains("version=\"20261206T010000Z-aaaaaa\"");

        ModelFixtures.publish(trainer, "20261206T020000Z-bbbbbb", ITEMS, 2);
        ModelPublisher.publish(store, trainer, "20261206T020000Z-bbbbbb");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!api.get("/metrics").body().contains("version=\"20261206T020000Z-bbbbbb\"")
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(api.get("/metrics").body()).contains("version=\"20261206T020000Z-bbbbbb\"");
        assertThat(pod.resolve("20261206T020000Z-bbbbbb").resolve("manifest.json")).exists();
      }
      store.close();
    }
  }

  @Test
  void aStoreWithoutALocalDirectoryFailsTheStartNamingBothSettings() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(OverdriveApiApplication.class)
                    .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "overdrive.model-store=s3://overdrive/models")
                    .run()
                    .close())
        .hasStackTraceContaining("OVERDRIVE_MODEL_STORE is set, but OVERDRIVE_MODEL_DIR is not");
  }
}
