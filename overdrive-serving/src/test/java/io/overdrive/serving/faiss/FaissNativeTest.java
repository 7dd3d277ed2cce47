package io.overdrive.serving.faiss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overdrive.serving.faiss.FaissNative.IDSelectorBatch;
import io.overdrive.serving.faiss.FaissNative.Index;
import io.overdrive.serving.faiss.FaissNative.IndexFlatIP;
import io.overdrive.serving.faiss.FaissNative.IndexHNSWFlat;
import io.overdrive.serving.faiss.FaissNative.IndexIDMap;
import io.overdrive.serving.faiss.FaissNative.IndexIVFFlat;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written binding against the real libfaiss: ownership, ids, errors, threads. */
class FaissNativeTest {
  static final int D = 8;
  static final int N = 2000;
  static float[] data;

  @TempDir Path tmp;

  static {
    Random r = new Random(5);
    data = new float[N * D];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextGaussian();
    }
  }

  @BeforeEach
  void needFaiss() {
    // each test reports skipped, with the reason, where libfaiss-dev was not installed at build
    assumeTrue(
        FaissLibrary.available(),
        () -> "FAISS skipped: " + FaissLibrary.unavailableReason().orElse(""));
  }

  private static long[] top(Index index, float[] q, int k) {
    try (FloatPointer x = new FloatPointer(q);
        FloatPointer dist = new FloatPointer(k);
        LongPointer labels = new LongPointer(k)) {
      index.search(1, x, k, dist, labels);
      long[] out = new long[k];
      labels.get(out);
      return out;
    }
  }

  @Test
  void ivfTakesItsQuantizerWhenToldToAndSearches() {
    IndexFlatIP quantizer = new IndexFlatIP(D);
    IndexIVFFlat ivf = new IndexIVFFlat(quantizer, D, 16, FaissNative.METRIC_INNER_PRODUCT);
    assertThat(ivf.own_fields()).as("IVF does not own its quantizer by default").isFalse();
    // hand the quantizer over: Java stops tracking it, the IVF deletes it with itself
    quantizer.deallocate(false);
    ivf.own_fields(true);
    try (FloatPointer x = new FloatPointer(data)) {
      assertThat(ivf.is_trained()).isFalse();
      ivf.train(N, x);
      ivf.add(N, x);
    }
    ivf.nprobe(16);
    assertThat(ivf.ntotal()).isEqualTo(N);
    float[] q = java.util.Arrays.copyOfRange(data, 7 * D, 8 * D);
    assertThat(top(ivf, q, 1)[0]).isEqualTo(topExact(q));
    ivf.close();
  }

  private static long topExact(float[] q) {
    long best = -1;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < N; i++) {
      float s = 0;
      for (int d = 0; d < D; d++) {
        s += q[d] * data[i * D + d];
      }
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }

  @Test
  void idMapStoresCallerIdsAndRemovesThem() {
    IndexFlatIP flat = new IndexFlatIP(D);
    try (IndexIDMap map = new IndexIDMap(flat);
        FloatPointer x = new FloatPointer(java.util.Arrays.copyOf(data, 3 * D));
        LongPointer ids = new LongPointer(new long[] {1001, 2002, 3003});
        LongPointer gone = new LongPointer(new long[] {2002});
        IDSelectorBatch sel = new IDSelectorBatch(1, gone)) {
      map.add_with_ids(3, x, ids);
      float[] second = java.util.Arrays.copyOfRange(data, D, 2 * D);
      assertThat(top(map, second, 1)[0]).isEqualTo(2002);
      assertThat(map.remove_ids(sel)).isEqualTo(1);
      assertThat(map.ntotal()).isEqualTo(2);
      assertThat(top(map, second, 2)).doesNotContain(2002);
    }
    flat.close();
  }

  @Test
  void factoryIndexesNeedAnExplicitDeleteAndRoundTripThroughFiles() {
    Index hnsw = FaissNative.index_factory(D, "HNSW16", FaissNative.METRIC_INNER_PRODUCT);
    try (FloatPointer x = new FloatPointer(data)) {
      hnsw.add(N, x);
      String file = tmp.resolve("hnsw.faiss").toString();
      FaissNative.write_index(hnsw, file);
      Index back = FaissNative.read_index(file, 0);
      assertThat(FaissNative.index_kind(back)).isEqualTo("hnsw");
      assertThat(back.ntotal()).isEqualTo(N);
      float[] q = java.util.Arrays.copyOfRange(data, 0, D);
      assertThat(top(back, q, 5)).isEqualTo(top(hnsw, q, 5));
      FaissNative.delete_index(back);
    } finally {
      FaissNative.delete_index(hnsw);
    }
    IndexHNSWFlat direct = new IndexHNSWFlat(D, 16, FaissNative.METRIC_INNER_PRODUCT);
    assertThat(FaissNative.index_kind(direct)).isEqualTo("hnsw");
    // 1.7.3 reads efSearch from the index, not from SearchParametersHNSW: it must be settable
    assertThat(FaissNative.set_hnsw_ef_search(direct, 64)).isTrue();
    direct.close();
    Index flat = FaissNative.index_factory(D, "Flat", FaissNative.METRIC_L2);
    assertThat(FaissNative.set_hnsw_ef_search(flat, 64)).isFalse();
    FaissNative.delete_index(flat);
  }

  @Test
  void faissErrorsBecomeJavaExceptionsWithFaissMessage() {
    assertThatThrownBy(() -> FaissNative.index_factory(D, "NoSuchIndex", 0))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("could not parse index string NoSuchIndex");
    assertThatThrownBy(() -> FaissNative.read_index(tmp.resolve("missing").toString(), 0))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void openMpThreadCountIsPerThread() throws Exception {
    var pool = Executors.newSingleThreadExecutor(FaissLibrary.threadFactory("one-omp", 1));
    try {
      assertThat(pool.submit(FaissNative::omp_max_threads).get(5, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    var two = Executors.newSingleThreadExecutor(FaissLibrary.threadFactory("two-omp", 2));
    try {
      assertThat(two.submit(FaissNative::omp_max_threads).get(5, TimeUnit.SECONDS)).isEqualTo(2);
    } finally {
      two.shutdown();
    }
  }

  @Test
  void thisBuildHasNoGpuSupportAndSaysSo() {
    assertThat(FaissNative.gpu_compiled()).isFalse();
    assertThat(FaissNative.gpu_count()).isZero();
    Index flat = FaissNative.index_factory(D, "Flat", 0);
    try {
      assertThatThrownBy(() -> FaissNative.index_cpu_to_gpu(flat, 0))
          .hasMessageContaining("without GPU support");
    } finally {
      FaissNative.delete_index(flat);
    }
  }
}
