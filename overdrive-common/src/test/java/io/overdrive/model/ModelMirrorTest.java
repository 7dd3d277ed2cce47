package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.storage.ObjectStore;
import io.overdrive.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model versions travel trainer -> object storage -> each replica's own directory -> the model
 * registry, against a real S3-compatible server: no shared volume anywhere (decision 0304).
 */
class ModelMirrorTest {
  private static final List<String> ITEMS = List.of("a", "b", "c", "d");
  static S3Server server;

  @TempDir Path trainer;
  @TempDir Path replicaA;
  @TempDir Path replicaB;

  @BeforeAll
  static void start() {
    server = new S3Server();
    server.createBucket("overdrive");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPublishedVersionReachesEveryReplicaAndItsRegistry() throws Exception {
    try (ObjectStore store = server.store("s3://overdrive/models-1");
        ModelRegistry registryA = new ModelRegistry(replicaA);
        ModelRegistry registryB = new ModelRegistry(replicaB)) {
      ModelMirror a = new ModelMirror(store, replicaA);
      ModelMirror b = new ModelMirror(store, replicaB);
      assertThat(a.sync()).as("nothing published yet").isFalse();

      ModelFixtures.publish(trainer, "20261206T010000Z-aaaaaa", ITEMS, 1);
      ModelPublisher.publish(store, trainer, "20261206T010000Z-aaaaaa");

      assertThat(a.sync()).isTrue();
      assertThat(b.sync()).isTrue();
      assertThat(a.sync()).as("already there").isFalse();
      assertThat(registryA.refresh()).isTrue();
      assertThat(registryB.refresh()).isTrue();
      assertThat(registryA.currentVersion()).isEqualTo("20261206T010000Z-aaaaaa");
      assertThat(registryB.current().orElseThrow().itemIds()).containsExactlyElementsOf(ITEMS);
      assertThat(
              Files.readAllBytes(
                  replicaA
                      .resolve("20261206T010000Z-aaaaaa")
                      .resolve(ModelDirectory.ITEM_EMBEDDINGS)))
          .isEqualTo(
              Files.readAllBytes(
                  trainer
                      .resolve("20261206T010000Z-aaaaaa")
                      .resolve(ModelDirectory.ITEM_EMBEDDINGS)));
    }
  }

  @Test
  void newVersionsReplaceOldOnesAndOnlyTwoStayOnDisk() throws Exception {
    try (ObjectStore store = server.store("s3://overdrive/models-2")) {
      ModelMirror mirror = new ModelMirror(store, replicaA);
      for (int v = 1; v <= 3; v++) {
        String version = "2026120" + v + "T010000Z-v" + v;
        ModelFixtures.publish(trainer, version, ITEMS, v);
        ModelPublisher.publish(store, trainer, version);
        assertThat(mirror.sync()).isTrue();
        assertThat(ModelDirectory.latest(replicaA)).contains(version);
      }
      try (var dirs = Files.list(replicaA)) {
        assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("20261203T010000Z-v3", "20261202T010000Z-v2");
      }

      // a rollback is the store's LATEST naming an older version: it comes back
      store.writeText(ModelDirectory.LATEST, "20261201T010000Z-v1\n");
      assertThat(mirror.sync()).isTrue();
      assertThat(ModelDirectory.latest(replicaA)).contains("20261201T010000Z-v1");
      try (ModelRegistry registry = new ModelRegistry(replicaA)) {
        assertThat(registry.refresh()).isTrue();
        assertThat(registry.currentVersion()).isEqualTo("20261201T010000Z-v1");
      }
    }
  }

  @Test
  void anIncompleteUploadIsNotInstalledAndTheCurrentVersionStays() throws Exception {
    try (ObjectStore store = server.store("s3://overdrive/models-3")) {
      ModelFixtures.publish(trainer, "v1", ITEMS, 1);
      ModelPublisher.publish(store, trainer, "v1");
      ModelMirror mirror = new ModelMirror(store, replicaA);
      mirror.sync();

      // a trainer died after uploading the embeddings: no manifest, but LATEST was rewritten by
      // hand (or by an older tool) to name it
      store.upload(
          trainer.resolve("v1").resolve(ModelDirectory.ITEM_EMBEDDINGS),
          "v2/" + ModelDirectory.ITEM_EMBEDDINGS);
      store.writeText(ModelDirectory.LATEST, "v2\n");

      assertThatThrownBy(mirror::sync)
          .hasMessageContaining("version v2")
          .hasMessageContaining("no manifest.json");
      assertThat(ModelDirectory.latest(replicaA)).contains("v1");
      assertThat(replicaA.resolve("v2")).doesNotExist();

      store.writeText(ModelDirectory.LATEST, "../../etc\n");
      assertThatThrownBy(mirror::sync).hasMessageContaining("names no version");
    }
  }

  @Test
  void aWatchingMirrorPicksUpAVersionPublishedLater() throws Exception {
    try (ObjectStore store = server.store("s3://overdrive/models-4");
        ModelMirror mirror = ModelMirror.watching(store, replicaA, Duration.ofMillis(100))) {
      ModelFixtures.publish(trainer, "v7", ITEMS, 7);
      ModelPublisher.publish(store, trainer, "v7");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (ModelDirectory.latest(replicaA).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(ModelDirectory.latest(replicaA)).contains("v7");
    }
  }
}
