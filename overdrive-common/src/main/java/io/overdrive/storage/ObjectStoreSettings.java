package io.overdrive.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how to reach an S3-compatible object store. Read from the same names everywhere
 * (environment variables, or {@code --overdrive.*} arguments in the services):
 *
 * <ul>
 *   <li>the location, {@code s3://bucket/prefix}: {@code OVERDRIVE_MODEL_STORE} for model versions,
 *       {@code OVERDRIVE_ARCHIVE_STORE} for the training archive;
 *   <li>{@code OVERDRIVE_S3_ENDPOINT}: the server's URL for anything but AWS itself (MinIO {@code
 *       http://minio:9000}, GCS {@code https://storage.googleapis.com}, R2, Ceph RGW);
 *   <li>{@code OVERDRIVE_S3_REGION} (default {@code us-east-1}, or {@code AWS_REGION});
 *   <li>{@code OVERDRIVE_S3_PATH_STYLE}: bucket in the path rather than the host name; default true
 *       when an endpoint is set (what MinIO and most self-hosted servers need).
 * </ul>
 *
 * Credentials come from the AWS SDK's default chain: {@code AWS_ACCESS_KEY_ID} / {@code
 * AWS_SECRET_ACCESS_KEY}, web identity (EKS IAM roles for service accounts), the container or
 * instance role.
 *
 * @param bucket the bucket
 * @param prefix key prefix inside it, empty or ending in {@code /}
 * @param endpoint the server, or null for AWS S3
 * @param region the signing region
 * @param pathStyle whether to address the bucket in the path
 */
public record ObjectStoreSettings(
    String bucket, String prefix, URI endpoint, String region, boolean pathStyle) {

  public static final String ENDPOINT = "overdrive.s3.endpoint";
  public static final String REGION = "overdrive.s3.region";
  public static final String PATH_STYLE = "overdrive.s3.path-style";

  /**
   * The settings for the location in property {@code locationKey} (e.g. {@code
   * overdrive.model-store}), or empty when it is not set.
   *
   * @param lookup a property by its dotted name ({@code overdrive.s3.endpoint}); null when unset
   * @throws IllegalArgumentException naming the variable when a value is malformed
   */
  public static Optional<ObjectStoreSettings> from(
      Function<String, String> lookup, String locationKey) {
    String location = blankToNull(lookup.apply(locationKey));
    if (location == null) {
      return Optional.empty();
    }
    if (!location.startsWith("s3://")) {
      throw new IllegalArgumentException(
          variable(locationKey) + "=" + location + ": expected s3://bucket/prefix");
    }
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          variable(locationKey) + "=" + location + ": '" + bucket + "' is not a bucket name");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    URI endpoint = null;
    String e = blankToNull(lookup.apply(ENDPOINT));
    if (e != null) {
      endpoint = URI.create(e);
      if (endpoint.getScheme() == null
          || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
          || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            variable(ENDPOINT) + "=" + e + ": expected http(s)://host[:port]");
      }
    }
    String region = blankToNull(lookup.apply(REGION));
    if (region == null) {
      region = Optional.ofNullable(blankToNull(System.getenv("AWS_REGION"))).orElse("us-east-1");
    }
    String ps = blankToNull(lookup.apply(PATH_STYLE));
    boolean pathStyle;
    if (ps == null) {
      pathStyle = endpoint != null;
    } else if (ps.equalsIgnoreCase("true") || ps.equalsIgnoreCase("false")) {
      pathStyle = Boolean.parseBoolean(ps);
    } else {
      throw new IllegalArgumentException(
          variable(PATH_STYLE) + "=" + ps + ": expected true or false");
    }
    return Optional.of(new ObjectStoreSettings(bucket, prefix, endpoint, region, pathStyle));
  }

  /**
   * Reads the settings from environment variables ({@code overdrive.s3.region} ->
   * OVERDRIVE_S3_REGION).
   */
  public static Optional<ObjectStoreSettings> fromEnvironment(String locationKey) {
    return from(key -> System.getenv(variable(key)), locationKey);
  }

  /** The environment variable of a dotted property name. */
  public static String variable(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  public String location() {
    return "s3://" + bucket + "/" + prefix;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
