package io.overdrive.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} over the S3 API (AWS S3, MinIO, GCS interoperability, R2, Ceph RGW). */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;
  private final ObjectStoreSettings settings;

  public S3ObjectStore(ObjectStoreSettings settings) {
    this.settings = settings;
    var b =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            // checksums only where the API requires them: the SDK's default (a trailing CRC on
            // every upload) is not understood by every S3-compatible server
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    this.s3 = b.build();
  }

  @Override
  public Optional<String> readText(String key) throws IOException {
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(settings.bucket()).key(full(key))).asUtf8String());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void writeText(String key, String text) throws IOException {
    try {
      s3.putObject(
          r -> r.bucket(settings.bucket()).key(full(key)).contentType("text/plain"),
          RequestBody.fromString(text, StandardCharsets.UTF_8));
    } catch (SdkException e) {
      throw failure("write", key, e);
    }
  }

  @Override
  public void upload(Path file, String key) throws IOException {
    try {
      s3.putObject(r -> r.bucket(settings.bucket()).key(full(key)), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw failure("upload " + file + " to", key, e);
    }
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".download");
    try (var in = s3.getObject(r -> r.bucket(settings.bucket()).key(full(key)))) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    } catch (SdkException e) {
      Files.deleteIfExists(tmp);
      throw failure("download", key, e);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    try {
      return s3
          .listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(full(prefix)))
          .contents()
          .stream()
          .map(S3Object::key)
          // "folder" markers (keys ending in '/', made by consoles and some servers) hold nothing
          .filter(k -> !k.endsWith("/"))
          .map(k -> k.substring(settings.prefix().length()))
          .sorted()
          .toList();
    } catch (SdkException e) {
      throw failure("list", prefix, e);
    }
  }

  @Override
  public String describe() {
    return settings.location() + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
  }

  @Override
  public void close() {
    s3.close();
  }

  private String full(String key) {
    return settings.prefix() + key;
  }

  private IOException failure(String what, String key, SdkException e) {
    return new IOException(
        "object store " + describe() + ": cannot " + what + " " + key + ": " + e.getMessage(), e);
  }
}
