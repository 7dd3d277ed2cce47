package io.overdrive.serving.jvector;

import io.github.jbellis.jvector.disk.SimpleMappedReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.serving.index.IndexBackend;
import io.overdrive.serving.index.IndexSpec;
import io.overdrive.serving.index.ItemVector;
import io.overdrive.serving.index.LabelTable;
import io.overdrive.serving.index.LabelledIndex;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector's graph index (pure Java): the portable ANN backend where libfaiss is not installed.
 * Graph ordinals are the labels of a {@link LabelTable}; deleted and replaced items are marked
 * deleted in the graph and filtered from results.
 */
public final class JVectorIndex extends LabelledIndex {
  static final String GRAPH_FILE = "graph.jvector";
  static final String VECTORS_FILE = "vectors.f32";
  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();
  private static final VectorSimilarityFunction DOT = VectorSimilarityFunction.DOT_PRODUCT;

  private final IndexSpec spec;
  private final int dimension;
  private final GrowableVectors vectors;
  private final ForkJoinPool pool;
  private final GraphIndexBuilder builder;
  private final ImmutableGraphIndex graph;
  private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();
  private volatile int efSearch;

  private JVectorIndex(
      IndexSpec spec, int dimension, GrowableVectors vectors, LabelTable labels, Path graphFile)
      throws IOException {
    super(labels);
    this.spec = spec;
    this.dimension = dimension;
    this.vectors = vectors;
    this.pool = new ForkJoinPool(Math.max(1, spec.buildThreads()));
    this.efSearch = spec.efSearch();
    this.builder =
        new GraphIndexBuilder(
            BuildScoreProvider.randomAccessScoreProvider(vectors, DOT),
            dimension,
            spec.jvectorDegree(),
            spec.efConstruction(),
            1.2f,
            1.2f,
            true,
            true,
            pool,
            pool);
    if (graphFile == null) {
      builder.build(vectors);
    } else {
      try (var supplier = new SimpleMappedReader.Supplier(graphFile);
          var reader = supplier.get()) {
        builder.load(reader);
      }
    }
    this.graph = builder.getGraph();
    BitSet t = labels.tombstones();
    for (int l = t.nextSetBit(0); l >= 0; l = t.nextSetBit(l + 1)) {
      if (graph.containsNode(l)) {
        builder.markNodeDeleted(l);
      }
    }
  }

  public static JVectorIndex build(ItemEmbeddings e, IndexSpec spec) {
    GrowableVectors v = new GrowableVectors(e.dimension());
    for (int i = 0; i < e.count(); i++) {
      v.add(e.row(i));
    }
    try {
      return new JVectorIndex(spec, e.dimension(), v, new LabelTable(e.ids()), null);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public static JVectorIndex load(Path dir, IndexSpec spec) throws IOException {
    LabelTable labels = LabelTable.load(dir);
    byte[] raw = Files.readAllBytes(dir.resolve(VECTORS_FILE));
    int n = labels.labelCount();
    if (n == 0 || raw.length % (n * Float.BYTES) != 0) {
      throw new IOException(dir.resolve(VECTORS_FILE) + " does not hold " + n + " vectors");
    }
    int d = raw.length / (n * Float.BYTES);
    var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    GrowableVectors v = new GrowableVectors(d);
    for (int i = 0; i < n; i++) {
      float[] row = new float[d];
      fb.get(row);
      v.add(row);
    }
    return new JVectorIndex(spec, d, v, labels, dir.resolve(GRAPH_FILE));
  }

  /** Changes the search beam width (for a recall/latency sweep). */
  public void tuneSearch(int efSearch) {
    this.efSearch = efSearch;
  }

  @Override
  public IndexBackend backend() {
    return IndexBackend.JVECTOR;
  }

  @Override
  public String indexType() {
    return spec.indexType();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return read(() -> searchLocked(query, k, excluded));
  }

  private List<ScoredItem> searchLocked(float[] query, int k, Set<String> excluded) {
    int kk = Math.min(k, labels.liveCount());
    if (kk == 0) {
      return List.of();
    }
    Set<Integer> skip = new HashSet<>();
    for (String id : excluded) {
      int l = labels.label(id);
      if (l >= 0) {
        skip.add(l);
      }
    }
    BitSet tombstones = labels.tombstones();
    Bits accept = ord -> !tombstones.get(ord) && (skip.isEmpty() || !skip.contains(ord));
    GraphSearcher searcher = searchers.poll();
    if (searcher == null) {
      searcher = new GraphSearcher(graph);
    }
    try {
      var ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(query), DOT, vectors);
      SearchResult r = searcher.search(ssp, kk, Math.max(kk, efSearch), 0f, 0f, accept);
      List<ScoredItem> out = new ArrayList<>(kk);
      for (SearchResult.NodeScore ns : r.getNodes()) {
        // jvector scores a dot product as (1 + dot) / 2
        out.add(new ScoredItem(labels.itemId(ns.node), 2 * ns.score - 1));
      }
      return out;
    } finally {
      searchers.offer(searcher);
    }
  }

  @Override
  public int upsert(List<ItemVector> items) {
    return write(() -> upsertLocked(items));
  }

  private int upsertLocked(List<ItemVector> items) {
    for (ItemVector item : items) {
      int label = vectors.add(item.vector());
      int old = labels.assign(item.itemId());
      if (label != labels.labelCount() - 1) {
        throw new IllegalStateException("vector and label counts diverged");
      }
      builder.addGraphNode(label, vectors.getVector(label));
      if (old >= 0) {
        builder.markNodeDeleted(old);
      }
    }
    return items.size();
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    return read(
        () -> {
          int l = labels.label(itemId);
          return l < 0 ? Optional.<float[]>empty() : Optional.of(vectors.row(l));
        });
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    read(
        () -> {
          try {
            saveLocked(dir);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return null;
        });
  }

  private void saveLocked(Path dir) throws IOException {
    labels.save(dir);
    ByteBuffer buf =
        ByteBuffer.allocate(vectors.size() * dimension * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < vectors.size(); i++) {
      for (float f : vectors.row(i)) {
        buf.putFloat(f);
      }
    }
    Files.write(dir.resolve(VECTORS_FILE), buf.array());
    try (var out =
        new DataOutputStream(
            new BufferedOutputStream(Files.newOutputStream(dir.resolve(GRAPH_FILE))))) {
      ((OnHeapGraphIndex) graph).save(out);
    }
  }

  @Override
  protected void tombstone(int label) {
    builder.markNodeDeleted(label);
  }

  @Override
  protected void release() {
    searchers.clear();
    try {
      builder.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdown();
    }
  }

  /** Vectors addressed by graph ordinal; grows as items are upserted. */
  static final class GrowableVectors implements RandomAccessVectorValues {
    private final int dimension;
    private volatile VectorFloat<?>[] rows = new VectorFloat<?>[1024];
    private volatile int size;

    GrowableVectors(int dimension) {
      this.dimension = dimension;
    }

    synchronized int add(float[] v) {
      if (size == rows.length) {
        VectorFloat<?>[] bigger = new VectorFloat<?>[rows.length * 2];
        System.arraycopy(rows, 0, bigger, 0, size);
        rows = bigger;
      }
      rows[size] = VTS.createFloatVector(v.clone());
      return size++;
    }

    float[] row(int i) {
      VectorFloat<?> v = rows[i];
      float[] out = new float[dimension];
      for (int d = 0; d < dimension; d++) {
        out[d] = v.get(d);
      }
      return out;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public VectorFloat<?> getVector(int node) {
      return rows[node];
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
