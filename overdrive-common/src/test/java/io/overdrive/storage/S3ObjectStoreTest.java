package io.overdrive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 client against a real S3-compatible server (S3Proxy over files, in this JVM). */
class S3ObjectStoreTest {
  static S3Server server;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    server = new S3Server();
    server.createBucket("models");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void storesReadsListsAndDownloadsUnderItsPrefix() throws Exception {
    try (ObjectStore store = server.store("s3://models/team-a");
        ObjectStore other = server.store("s3://models/team-b/")) {
      assertThat(store.readText("LATEST")).isEmpty();
      byte[] big = new byte[3 << 20];
      new Random(1).nextBytes(big);
      Path file = Files.write(tmp.resolve("emb.f32"), big);

      store.upload(file, "v1/item_embeddings.f32");
      store.writeText("v1/manifest.json", "{}");
      store.writeText("LATEST", "v1\n");
      other.writeText("LATEST", "other\n");

      assertThat(store.readText("LATEST")).contains("v1\n");
      assertThat(store.list("v1/")).containsExactly("v1/item_embeddings.f32", "v1/manifest.json");
      assertThat(store.list("")).hasSize(3).doesNotContain("other");
      Path back = tmp.resolve("back.f32");
      store.download("v1/item_embeddings.f32", back);
      assertThat(Files.readAllBytes(back)).isEqualTo(big);
      assertThat(store.describe()).startsWith("s3://models/team-a/ at http://127.0.0.1:");
    }
  }

  @Test
  void aMissingObjectOrBucketIsAClearError() throws Exception {
    try (ObjectStore store = server.store("s3://models/x")) {
      assertThatThrownBy(() -> store.download("nope", tmp.resolve("nope")))
          .hasMessageContaining("cannot download nope");
      assertThat(tmp.resolve("nope")).doesNotExist();
    }
    try (ObjectStore missing = server.store("s3://no-such-bucket/x")) {
      assertThatThrownBy(() -> missing.list(""))
          .hasMessageContaining("s3://no-such-bucket/x/")
          .hasMessageContaining("cannot list");
    }
  }

  @Test
  void wrongCredentialsAreRefused() {
    ObjectStoreSettings s =
        ObjectStoreSettings.from(
                server.properties("overdrive.model-store", "s3://models/x")::get,
                "overdrive.model-store")
            .orElseThrow();
    System.setProperty("aws.secretAccessKey", "wrong");
    try (ObjectStore store = new S3ObjectStore(s)) {
      assertThatThrownBy(() -> store.writeText("k", "v")).hasMessageContaining("cannot write k");
    } finally {
      S3Server.useCredentials();
    }
  }

  @Test
  void settingsAreReadAndCheckedNamingTheVariable() {
    assertThat(ObjectStoreSettings.from(Map.<String, String>of()::get, "overdrive.model-store"))
        .isEmpty();
    ObjectStoreSettings aws =
        ObjectStoreSettings.from(
                Map.of(
                        "overdrive.model-store",
                        "s3://my-models/prod",
                        "overdrive.s3.region",
                        "eu-west-1")
                    ::get,
                "overdrive.model-store")
            .orElseThrow();
    assertThat(aws.location()).isEqualTo("s3://my-models/prod/");
    assertThat(aws.pathStyle()).as("AWS: virtual-hosted buckets").isFalse();
    assertThat(aws.region()).isEqualTo("eu-west-1");
    ObjectStoreSettings minio =
        ObjectStoreSettings.from(
                Map.of(
                        "overdrive.archive-store",
                        "s3://archive",
                        "overdrive.s3.endpoint",
                        "http://minio:9000")
                    ::get,
                "overdrive.archive-store")
            .orElseThrow();
    assertThat(minio.prefix()).isEmpty();
    assertThat(minio.pathStyle()).as("a self-hosted endpoint: path-style").isTrue();

    assertThatThrownBy(
            () ->
                ObjectStoreSettings.from(
                    Map.of("overdrive.model-store", "/data/models")::get, "overdrive.model-store"))
        .hasMessageContaining("OVERDRIVE_MODEL_STORE=/data/models: expected s3://bucket/prefix");
    assertThatThrownBy(
            () ->
                ObjectStoreSettings.from(
                    Map.of("overdrive.model-store", "s3://B_ad/x")::get, "overdrive.model-store"))
        .hasMessageContaining("'B_ad' is not a bucket name");
    assertThatThrownBy(
            () ->
                ObjectStoreSettings.from(
                    Map.of(
                            "overdrive.model-store", "s3://models",
                            "overdrive.s3.endpoint", "minio:9000")
                        ::get,
                    "overdrive.model-store"))
        .hasMessageContaining("OVERDRIVE_S3_ENDPOINT=minio:9000: expected http(s)://host[:port]");
  }
}
