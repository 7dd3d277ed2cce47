package io.overdrive.serving.config;

import io.overdrive.store.ProfileCipher;
import io.overdrive.store.RedisStoreSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the serving node, bound from {@code OVERDRIVE_*} environment variables ({@code
 * OVERDRIVE_INDEX_FACTORY} -> {@code overdrive.index-factory}) and validated at start-up.
 *
 * @param grpcPort gRPC port (0 = any free port)
 * @param modelDir the trainer's model directory ({@code LATEST} + versions)
 * @param indexDir where index snapshots go; absent = every start builds the index
 * @param indexBackend faiss, jvector, exact, or auto (faiss where the JNI library loads, else
 *     jvector)
 * @param indexFactory FAISS factory string: Flat, HNSW32, IVF1024,Flat, ...
 * @param faissGpu move FAISS indexes to GPU 0 where the linked FAISS and the machine have one
 * @param efSearch HNSW search breadth (FAISS and jvector); raised to k when smaller
 * @param nprobe inverted lists an IVF search visits
 * @param efConstruction HNSW build breadth
 * @param jvectorDegree jvector's graph degree
 * @param modelPollInterval how often {@code LATEST} is checked
 * @param snapshotInterval how often a changed index (upserts, deletes) is snapshotted
 * @param maxK largest k a search may ask for
 * @param maxBatchQueries most queries in one BatchSearch
 * @param maxUpsertItems most items in one Upsert or Delete
 * @param retrievalCandidates candidates For You retrieves when a request brings none
 * @param callThreads gRPC call threads (0 = {@link #CALLS_PER_CORE} per core)
 * @param buildThreads threads for building an index (0 = one per core)
 * @param redisUrl Redis with the users' features; absent = in-memory store
 * @param profileKeys the API's {@code OVERDRIVE_PROFILE_KEYS}, to read encrypted signup profiles
 * @param itemCacheTtl how long ForYou reuses an item read from Redis (catalogue record and
 *     engagement counters), as the API's setting of the same name; 0 reads every candidate fresh.
 *     User features are never cached.
 * @param redisConnectPatienceSeconds how long start-up waits for Redis to answer (as the API and
 *     the consumer do: containers start in any order, and a loaded machine's first handshake can
 *     outlast the command timeout)
 * @param dedupWindowSeconds the API's and the consumer's {@code OVERDRIVE_DEDUP_WINDOW_SECONDS}:
 *     how long an erasure tombstone lasts, so an erased user gets no id embedding here for exactly
 *     as long as the consumer drops their late events
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record ServingProperties(
    @DefaultValue("9090") @Min(0) @Max(65535) int grpcPort,
    Path modelDir,
    Path indexDir,
    @DefaultValue("auto") @Pattern(regexp = "auto|faiss|jvector|exact") String indexBackend,
    @DefaultValue("HNSW32") @NotBlank String indexFactory,
    @DefaultValue("false") boolean faissGpu,
    @DefaultValue("128") @Min(1) @Max(100_000) int efSearch,
    @DefaultValue("16") @Min(1) @Max(1_000_000) int nprobe,
    @DefaultValue("80") @Min(8) @Max(10_000) int efConstruction,
    @DefaultValue("32") @Min(4) @Max(512) int jvectorDegree,
    @DefaultValue("10s") Duration modelPollInterval,
    @DefaultValue("60s") Duration snapshotInterval,
    @DefaultValue("1000") @Min(1) @Max(10_000) int maxK,
    @DefaultValue("256") @Min(1) @Max(100_000) int maxBatchQueries,
    @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxUpsertItems,
    @DefaultValue("200") @Min(1) @Max(1000) int retrievalCandidates,
    @DefaultValue("0") @Min(0) @Max(1024) int callThreads,
    @DefaultValue("0") @Min(0) @Max(1024) int buildThreads,
    String redisUrl,
    String profileKeys,
    @DefaultValue("1s") Duration itemCacheTtl,
    @DefaultValue("30") @Min(0) long redisConnectPatienceSeconds,
    @DefaultValue("86400") @Positive long dedupWindowSeconds) {

  public ServingProperties {
    ProfileCipher.fromSetting(profileKeys); // a bad key stops the start-up naming the setting
    if (modelPollInterval.isNegative() || modelPollInterval.isZero()) {
      throw new IllegalArgumentException("overdrive.model-poll-interval must be > 0");
    }
    if (itemCacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "overdrive.item-cache-ttl (OVERDRIVE_ITEM_CACHE_TTL) must not be negative");
    }
    if (dedupWindowSeconds < 1) {
      throw new IllegalArgumentException(
          "overdrive.dedup-window-seconds (OVERDRIVE_DEDUP_WINDOW_SECONDS) must be at least 1");
    }
    if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
      throw new IllegalArgumentException("overdrive.snapshot-interval must be > 0");
    }
  }

  /** What the node reads from Redis with: the users' features and the erasure tombstones. */
  public RedisStoreSettings redisSettings() {
    return RedisStoreSettings.of(redisUrl).withDedupWindow(Duration.ofSeconds(dedupWindowSeconds));
  }

  /**
   * Call threads per core by default. A ForYou call waits for its Redis replies between its CPU
   * work: with one thread per core, four concurrent calls on two cores queued behind the two that
   * waited (four callers got 16% fewer rankings a second than over REST, whose servlet pool runs
   * each request at once: docs/benchmarks.md, "The eighth round"). Searches run on the I/O threads,
   * not here.
   */
  public static final int CALLS_PER_CORE = 4;

  public int callThreadsOrDefault() {
    return callThreads > 0
        ? callThreads
        : CALLS_PER_CORE * Runtime.getRuntime().availableProcessors();
  }

  public int buildThreadsOrCores() {
    return buildThreads > 0 ? buildThreads : Runtime.getRuntime().availableProcessors();
  }
}
