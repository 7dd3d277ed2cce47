package io.overdrive.serving.faiss;

import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.serving.faiss.FaissNative.Index;
import io.overdrive.serving.index.IndexBackend;
import io.overdrive.serving.index.IndexSpec;
import io.overdrive.serving.index.ItemVector;
import io.overdrive.serving.index.LabelTable;
import io.overdrive.serving.index.LabelledIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FAISS index (any factory string) over item embeddings, ranked by inner product (searched under
 * L2 when the items are unit length, see {@link #allUnitLength}). Labels are FAISS's sequential row
 * ids ({@link LabelTable}); deletes and replaced vectors become tombstones that the search skips
 * through an IDSelector, together with the request's exclusions, in one JNI call. A read-write lock
 * lets searches run concurrently while adds (not thread-safe in FAISS) and close wait for them.
 */
public final class FaissIndex extends LabelledIndex {
  public static final String INDEX_FILE = "index.faiss";
  private static final Logger log = LoggerFactory.getLogger(FaissIndex.class);
  private static final int ADD_CHUNK = 1 << 16;
  private static final int TRAIN_SAMPLE = 256 * 1024;
  // the most FAISS's GPU k-selection handles
  private static final int GPU_MAX_K = 2048;

  private final IndexSpec spec;
  private final int dimension;
  // true: L2 over unit-length items (scores are converted back to inner products)
  private final boolean l2;
  private Index cpu;
  private Index gpu;
  private String device = "cpu";
  private volatile int nprobe;
  private BytePointer tombstoneBitmap;
  private long tombstoneBitmapBits;

  private FaissIndex(Index cpu, LabelTable labels, IndexSpec spec) {
    super(labels);
    this.cpu = cpu;
    this.spec = spec;
    this.dimension = cpu.d();
    this.l2 = cpu.metric_type() == FaissNative.METRIC_L2;
    FaissNative.set_hnsw_ef_search(cpu, spec.efSearch());
    this.nprobe = spec.nprobe();
    if (cpu.ntotal() != labels.labelCount()) {
      throw new IllegalStateException(
          "index holds " + cpu.ntotal() + " vectors but " + labels.labelCount() + " labels");
    }
    growBitmap(Math.max(1024, labels.labelCount()));
    BitSet t = labels.tombstones();
    for (int l = t.nextSetBit(0); l >= 0; l = t.nextSetBit(l + 1)) {
      setBit(l);
    }
    placeOnDevice();
  }

  /** Builds an index of the embeddings with the spec's factory string (training it if needed). */
  public static FaissIndex build(ItemEmbeddings embeddings, IndexSpec spec) {
    requireLibrary();
    int d = embeddings.dimension();
    int n = embeddings.count();
    boolean unit = allUnitLength(embeddings.vectors(), d);
    if (!unit) {
      log.warn(
          "model {}: item embeddings are not unit length; FAISS searches by inner product, which"
              + " HNSW graphs handle poorly (docs/architecture.md asks for L2-normalised vectors)",
          embeddings.modelVersion());
    }
    Index index =
        newIndex(
            d, spec.factory(), unit ? FaissNative.METRIC_L2 : FaissNative.METRIC_INNER_PRODUCT);
    try (FloatPointer x = new FloatPointer(embeddings.vectors())) {
      FaissNative.set_hnsw_ef_construction(index, spec.efConstruction());
      if (!index.is_trained()) {
        train(index, embeddings);
      }
      for (long start = 0; start < n; start += ADD_CHUNK) {
        long count = Math.min(ADD_CHUNK, n - start);
        index.add(count, x.position(start * d));
      }
      FaissNative.make_reconstructable(index);
    } catch (RuntimeException e) {
      FaissNative.delete_index(index);
      throw e;
    }
    return new FaissIndex(index, new LabelTable(embeddings.ids()), spec);
  }

  /** Loads an index {@link #save saved} into {@code dir}. */
  public static FaissIndex load(Path dir, IndexSpec spec) throws java.io.IOException {
    requireLibrary();
    LabelTable labels = LabelTable.load(dir);
    Index index = FaissNative.read_index(dir.resolve(INDEX_FILE).toString(), 0);
    try {
      return new FaissIndex(index, labels, spec);
    } catch (RuntimeException e) {
      FaissNative.delete_index(index);
      throw e;
    }
  }

  /**
   * Unit-length items are indexed under L2: for them {@code |q - x|^2 = |q|^2 + 1 - 2 q.x}, so the
   * L2 order is exactly the inner-product order for any query, while HNSW's neighbour pruning and
   * IVF's k-means assume a metric.
   */
  static boolean allUnitLength(float[] vectors, int d) {
    for (int row = 0; row < vectors.length; row += d) {
      double n = 0;
      for (int i = row; i < row + d; i++) {
        n += (double) vectors[i] * vectors[i];
      }
      if (Math.abs(n - 1) > 1e-3) {
        return false;
      }
    }
    return true;
  }

  private static Index newIndex(int d, String factory, int metric) {
    try {
      return FaissNative.index_factory(d, factory, metric);
    } catch (RuntimeException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IllegalArgumentException(
          "FAISS cannot build index type '"
              + factory
              + "' (OVERDRIVE_INDEX_FACTORY): "
              + msg.substring(msg.lastIndexOf(':') + 1).trim(),
          e);
    }
  }

  private static void train(Index index, ItemEmbeddings e) {
    int n = e.count();
    int d = e.dimension();
    if (n <= TRAIN_SAMPLE) {
      try (FloatPointer x = new FloatPointer(e.vectors())) {
        index.train(n, x);
      }
      return;
    }
    // an evenly strided sample: training cost grows with the sample, quality barely
    float[] sample = new float[TRAIN_SAMPLE * d];
    double stride = (double) n / TRAIN_SAMPLE;
    for (int i = 0; i < TRAIN_SAMPLE; i++) {
      System.arraycopy(e.vectors(), (int) (i * stride) * d, sample, i * d, d);
    }
    try (FloatPointer x = new FloatPointer(sample)) {
      index.train(TRAIN_SAMPLE, x);
    }
  }

  private static void requireLibrary() {
    FaissLibrary.unavailableReason()
        .ifPresent(
            r -> {
              throw new IllegalStateException("FAISS backend unavailable: " + r);
            });
  }

  private void placeOnDevice() {
    if (!spec.gpu()) {
      log.info("FAISS index {} runs on CPU", spec.factory());
      return;
    }
    if (!FaissNative.gpu_compiled()) {
      log.warn(
          "OVERDRIVE_FAISS_GPU=true, but the linked FAISS has no GPU support (Debian's libfaiss is"
              + " CPU-only; see docs/serving.md to link a CUDA build): index {} runs on CPU",
          spec.factory());
      return;
    }
    if (FaissNative.gpu_count() == 0) {
      log.warn(
          "OVERDRIVE_FAISS_GPU=true, but no GPU is visible: index {} runs on CPU", spec.factory());
      return;
    }
    try {
      gpu = FaissNative.index_cpu_to_gpu(cpu, 0);
      device = "gpu:0";
      log.info("FAISS index {} runs on GPU 0", spec.factory());
    } catch (RuntimeException e) {
      log.warn(
          "cannot move index {} to the GPU ({}): it runs on CPU", spec.factory(), e.getMessage());
    }
  }

  /** Changes the search breadth (HNSW efSearch, IVF nprobe), e.g. for a recall/latency sweep. */
  public void tuneSearch(int efSearch, int nprobe) {
    write(
        () -> {
          FaissNative.set_hnsw_ef_search(cpu, efSearch);
          this.nprobe = nprobe;
          return null;
        });
  }

  @Override
  public IndexBackend backend() {
    return IndexBackend.FAISS;
  }

  @Override
  public String indexType() {
    return spec.factory();
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return searchBatch(List.of(query), k, excluded).get(0);
  }

  @Override
  public List<List<ScoredItem>> searchBatch(List<float[]> queries, int k, Set<String> excluded) {
    return read(() -> searchLocked(queries, k, excluded));
  }

  private List<List<ScoredItem>> searchLocked(List<float[]> queries, int k, Set<String> excluded) {
    int n = queries.size();
    int kk = Math.min(k, labels.liveCount());
    if (kk == 0 || n == 0) {
      List<List<ScoredItem>> empty = new ArrayList<>(n);
      queries.forEach(q -> empty.add(List.of()));
      return empty;
    }
    long[] excludedLabels = excludedLabels(excluded);
    boolean tombstones = labels.tombstoneCount() > 0;
    int fetch = kk;
    if (gpu != null) {
      // FAISS 1.7's GPU indexes take no IDSelector: fetch more and filter here
      fetch = Math.min(GPU_MAX_K, kk + excludedLabels.length + labels.tombstoneCount());
    }
    Scratch s = Scratch.get(n * dimension, n * fetch, excludedLabels.length);
    float[] queryNorms = new float[n];
    for (int i = 0; i < n; i++) {
      float[] q = queries.get(i);
      s.queries.position(i * (long) dimension).put(q);
      for (float v : q) {
        queryNorms[i] += v * v;
      }
    }
    s.queries.position(0);
    s.excluded.position(0).put(excludedLabels).position(0);
    int previousThreads = n > 1 ? FaissNative.omp_max_threads() : 0;
    if (n > 1) {
      FaissNative.omp_set_threads(spec.batchThreads());
    }
    try {
      if (gpu != null) {
        FaissNative.search_filtered(
            gpu, n, s.queries, fetch, s.distances, s.labels, null, 0, null, 0, 0, 0);
      } else {
        FaissNative.search_filtered(
            cpu,
            n,
            s.queries,
            fetch,
            s.distances,
            s.labels,
            tombstones ? tombstoneBitmap : null,
            tombstones ? labels.labelCount() : 0,
            excludedLabels.length > 0 ? s.excluded : null,
            excludedLabels.length,
            spec.efSearch(),
            nprobe);
      }
    } finally {
      if (n > 1) {
        FaissNative.omp_set_threads(previousThreads);
      }
    }
    List<List<ScoredItem>> out = new ArrayList<>(n);
    for (int q = 0; q < n; q++) {
      List<ScoredItem> hits = new ArrayList<>(kk);
      for (int i = 0; i < fetch && hits.size() < kk; i++) {
        long label = s.labels.get((long) q * fetch + i);
        if (label < 0) {
          break;
        }
        if (gpu != null
            && (!labels.isLive(label) || Arrays.binarySearch(excludedLabels, label) >= 0)) {
          continue;
        }
        float distance = s.distances.get((long) q * fetch + i);
        hits.add(
            new ScoredItem(
                labels.itemId(label), l2 ? (queryNorms[q] + 1 - distance) / 2 : distance));
      }
      out.add(hits);
    }
    return out;
  }

  private static float[] unitLength(float[] v) {
    double n = 0;
    for (float f : v) {
      n += (double) f * f;
    }
    if (n == 0 || Math.abs(n - 1) < 1e-6) {
      return v;
    }
    float inv = (float) (1 / Math.sqrt(n));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  private long[] excludedLabels(Set<String> excluded) {
    if (excluded.isEmpty()) {
      return new long[0];
    }
    long[] out = new long[excluded.size()];
    int n = 0;
    for (String id : excluded) {
      int l = labels.label(id);
      if (l >= 0) {
        out[n++] = l;
      }
    }
    long[] used = Arrays.copyOf(out, n);
    Arrays.sort(used);
    return used;
  }

  @Override
  public int upsert(List<ItemVector> items) {
    if (items.isEmpty()) {
      return 0;
    }
    return write(() -> upsertLocked(items));
  }

  private int upsertLocked(List<ItemVector> items) {
    try (FloatPointer x = new FloatPointer((long) items.size() * dimension)) {
      for (int i = 0; i < items.size(); i++) {
        float[] v = items.get(i).vector();
        x.position((long) i * dimension).put(l2 ? unitLength(v) : v);
      }
      x.position(0);
      cpu.add(items.size(), x);
      if (gpu != null) {
        gpu.add(items.size(), x);
      }
    }
    growBitmap(labels.labelCount() + items.size());
    for (ItemVector item : items) {
      int old = labels.assign(item.itemId());
      if (old >= 0) {
        setBit(old);
      }
    }
    return items.size();
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    return read(
        () -> {
          int label = labels.label(itemId);
          if (label < 0) {
            return Optional.empty();
          }
          Scratch s = Scratch.get(dimension, 1, 0);
          cpu.reconstruct(label, s.queries.position(0));
          float[] out = new float[dimension];
          s.queries.get(out);
          return Optional.of(out);
        });
  }

  @Override
  public void save(Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    read(
        () -> {
          FaissNative.write_index(cpu, dir.resolve(INDEX_FILE).toString());
          try {
            labels.save(dir);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return null;
        });
  }

  @Override
  protected void release() {
    if (gpu != null) {
      FaissNative.delete_index(gpu);
      gpu = null;
    }
    FaissNative.delete_index(cpu);
    cpu = null;
    tombstoneBitmap.close();
  }

  @Override
  protected void tombstone(int label) {
    setBit(label);
  }

  private void growBitmap(long bits) {
    if (bits <= tombstoneBitmapBits) {
      return;
    }
    long newBits = Math.max(bits, tombstoneBitmapBits * 2);
    BytePointer bigger = new BytePointer((newBits + 7) / 8);
    bigger.fill(0);
    if (tombstoneBitmap != null) {
      bigger.put(tombstoneBitmap.limit((tombstoneBitmapBits + 7) / 8));
      tombstoneBitmap.close();
    }
    tombstoneBitmap = bigger.position(0).limit((newBits + 7) / 8);
    tombstoneBitmapBits = newBits;
  }

  private void setBit(long label) {
    long at = label >> 3;
    tombstoneBitmap.put(at, (byte) (tombstoneBitmap.get(at) | (1 << (label & 7))));
  }

  /** Per-thread native buffers, so a search allocates nothing native. */
  private static final class Scratch {
    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);
    FloatPointer queries = new FloatPointer(64);
    FloatPointer distances = new FloatPointer(64);
    LongPointer labels = new LongPointer(64);
    LongPointer excluded = new LongPointer(64);

    static Scratch get(long queryFloats, long results, long excludedCount) {
      Scratch s = CURRENT.get();
      if (s.queries.capacity() < queryFloats) {
        s.queries.close();
        s.queries = new FloatPointer(queryFloats);
      }
      if (s.distances.capacity() < results) {
        s.distances.close();
        s.labels.close();
        s.distances = new FloatPointer(results);
        s.labels = new LongPointer(results);
      }
      if (s.excluded.capacity() < excludedCount) {
        s.excluded.close();
        s.excluded = new LongPointer(excludedCount);
      }
      return s;
    }
  }
}
