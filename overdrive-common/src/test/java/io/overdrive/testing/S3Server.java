package io.overdrive.testing;

import io.overdrive.storage.ObjectStoreSettings;
import io.overdrive.storage.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server in the test JVM: S3Proxy (an S3 API implementation used in front of
 * real storage) over its filesystem store in a temporary directory, on a random port, with AWS
 * signature V4 authentication. Objects are real files; requests go over HTTP through the AWS SDK
 * exactly as they would to MinIO or S3.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "overdrive-test";
  public static final String SECRET_KEY = "overdrive-test-secret";

  private final Path dir;
  private final BlobStoreContext context;
  private final S3Proxy proxy;

  public S3Server() {
    try {
      dir = Files.createTempDirectory("s3server");
      Properties p = new Properties();
      p.setProperty("jclouds.filesystem.basedir", dir.toString());
      context =
          ContextBuilder.newBuilder("filesystem")
              .credentials("identity", "credential")
              .overrides(p)
              .build(BlobStoreContext.class);
      proxy =
          S3Proxy.builder()
              .blobStore(context.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the S3 test server", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /**
   * The settings a service gets for {@code s3://bucket/prefix} on this server, as properties
   * (dotted names); credentials are the SDK's, given as system properties by {@link
   * #useCredentials()}.
   */
  public Map<String, String> properties(String locationKey, String location) {
    return Map.of(
        locationKey,
        location,
        ObjectStoreSettings.ENDPOINT,
        endpoint().toString(),
        ObjectStoreSettings.REGION,
        "us-east-1");
  }

  /** The environment a service process needs to reach this server. */
  public Map<String, String> environment(String locationKey, String location) {
    return Map.of(
        ObjectStoreSettings.variable(locationKey),
        location,
        "OVERDRIVE_S3_ENDPOINT",
        endpoint().toString(),
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY,
        "AWS_REGION",
        "us-east-1");
  }

  /** Makes the SDK's default credentials chain of this JVM find the server's keys. */
  public static void useCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  /** A client for {@code s3://bucket/prefix} on this server. */
  public S3ObjectStore store(String location) {
    useCredentials();
    return new S3ObjectStore(
        ObjectStoreSettings.from(properties("store", location)::get, "store").orElseThrow());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping a test server: nothing to do about it
    }
    context.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
