package io.overdrive.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.Interaction;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelMirror;
import io.overdrive.model.ModelRegistry;
import io.overdrive.storage.ObjectStore;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.testing.S3Server;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job without shared volumes, against a real S3-compatible server: archive parts the
 * consumers shipped are fetched, an erased user's past is removed from them (and from the store), a
 * model is trained on them and published, and a replica's mirror and registry load exactly that
 * version.
 */
class ObjectStorageTest {
  @TempDir Path world;
  @TempDir Path data;
  @TempDir Path models;
  @TempDir Path replica;

  @Test
  void fetchesTheShippedArchiveTrainsAndPublishesForTheReplicas() throws Exception {
    DjlRuntime.configure(2);
    SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(60).withItems(120).withEventsPerUser(30))
        .writeTo(world);
    try (S3Server s3 = new S3Server();
        ObjectStore archive = s3.store("s3://overdrive/archive");
        ObjectStore store = s3.store("s3://overdrive/models")) {
      s3.createBucket("overdrive");
      // as a consumer's ArchiveShipper lays parts out
      String eventsKey = "2026-12-06/09/events-20261206T090000-1-a-0.jsonl";
      archive.upload(world.resolve("events.jsonl"), eventsKey);
      // a user erased after all their events (DELETE /users/{id}; the consumer archived it)
      List<Interaction> all = EventArchive.readAll(world);
      String erased = all.get(0).userId();
      Instant lastEvent =
          all.stream().map(Interaction::timestamp).max(Comparator.naturalOrder()).orElseThrow();
      Path usersPart = world.resolve("users-20261206T100000-1-a-0.jsonl");
      Files.writeString(
          usersPart,
          CatalogueJson.userChangeToJson(UserChange.erasure(erased, lastEvent.plusSeconds(1)))
              + "\n");
      archive.upload(usersPart, "2026-12-06/10/users-20261206T100000-1-a-0.jsonl");
      Map<String, String> settings =
          Map.of(
              ObjectStorage.ARCHIVE_STORE,
              "s3://overdrive/archive",
              ObjectStorage.MODEL_STORE,
              "s3://overdrive/models",
              "overdrive.s3.endpoint",
              s3.endpoint().toString());
      PrintStream out = new PrintStream(new ByteArrayOutputStream());

      ObjectStorage.fetchArchive(settings::get, data, out);
      assertThat(data.resolve(eventsKey)).exists();
      assertThat(EventArchive.readAll(data)).anyMatch(e -> e.userId().equals(erased));

      ObjectStorage.eraseInArchive(settings::get, data, out);
      assertThat(EventArchive.readAll(data))
          .as("the trainer's copy")
          .hasSize(all.size() - (int) all.stream().filter(e -> e.userId().equals(erased)).count())
          .noneMatch(e -> e.userId().equals(erased));
      Path stored = world.resolve("stored.jsonl");
      archive.download(eventsKey, stored);
      assertThat(EventArchive.lines(stored))
          .as("the object store's part was replaced")
          .hasSize(EventArchive.readAll(data).size())
          .noneMatch(line -> line.contains("\"" + erased + "\""));

      TrainingRun.Result result =
          new TrainingRun(
                  TrainerOptions.parse(
                      new String[] {
                        "--data-dir",
                        data.toString(),
                        "--output-dir",
                        models.toString(),
                        "--model",
                        "two-tower",
                        "--epochs",
                        "2"
                      }),
                  out,
                  Quiet.progress())
              .run();
      ObjectStorage.publishModel(settings::get, result.outputDir(), result.version(), out);

      assertThat(store.readText(ModelDirectory.LATEST)).contains(result.version() + "\n");
      new ModelMirror(store, replica).sync();
      try (ModelRegistry registry = new ModelRegistry(replica)) {
        assertThat(registry.refresh()).isTrue();
        assertThat(registry.currentVersion()).isEqualTo(result.version());
        assertThat(registry.current().orElseThrow().twoTower()).isPresent();
      }
    }
  }

  @Test
  void withoutStoreSettingsNothingIsFetchedOrPublished() throws Exception {
    PrintStream out = new PrintStream(new ByteArrayOutputStream());
    ObjectStorage.fetchArchive(Map.<String, String>of()::get, data, out);
    ObjectStorage.publishModel(Map.<String, String>of()::get, models, "v1", out);
    assertThat(data).isEmptyDirectory();
  }
}
