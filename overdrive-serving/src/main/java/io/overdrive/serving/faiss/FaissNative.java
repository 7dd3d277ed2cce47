package io.overdrive.serving.faiss;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.MemberSetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Hand-written JavaCPP binding of the subset of FAISS the serving node needs, compiled by the
 * javacpp Maven plugin against Debian's {@code libfaiss-dev} (a static {@code libfaiss.a}).
 *
 * <p>Ownership: objects created here with {@code new} are freed by JavaCPP's deallocator ({@link
 * Pointer#close()}); pointers FAISS hands out ({@link #index_factory}, {@link #read_index}) are not
 * tracked and must be freed with {@link #delete_index}. An IVF index does not own its quantizer
 * unless {@code own_fields} is set. System libraries are marked {@code #} so JavaCPP does not
 * preload them itself (it would pick the reference BLAS); the dynamic linker then follows Debian's
 * alternatives to OpenBLAS. OpenMP's thread count is per thread: see {@link #omp_set_threads(int)}.
 */
@Platform(
    value = "linux-x86_64",
    include = {
      "faiss/Index.h",
      "faiss/IndexFlat.h",
      "faiss/IndexHNSW.h",
      "faiss/IndexIVF.h",
      "faiss/IndexIVFFlat.h",
      "faiss/IndexIDMap.h",
      "faiss/index_factory.h",
      "faiss/index_io.h",
      "faiss/impl/IDSelector.h",
      "overdrive_faiss.h"
    },
    compiler = "cpp17",
    link = {"gomp#", "blas#", "lapack#", "faiss#"})
@Namespace("faiss")
public final class FaissNative {
  static {
    Loader.load();
  }

  public static final int METRIC_INNER_PRODUCT = 0;
  public static final int METRIC_L2 = 1;

  private FaissNative() {}

  /** {@code faiss::Index}: the abstract index every concrete type extends. */
  @Name("Index")
  public static class Index extends Pointer {
    static {
      Loader.load();
    }

    public Index(Pointer p) {
      super(p);
    }

    protected Index() {}

    @MemberGetter
    public native int d();

    @MemberGetter
    @Cast("int64_t")
    public native long ntotal();

    @MemberGetter
    @Cast("bool")
    public native boolean is_trained();

    @MemberGetter
    @Cast("int")
    public native int metric_type();

    public native void train(@Cast("faiss::Index::idx_t") long n, @Const FloatPointer x);

    public native void add(@Cast("faiss::Index::idx_t") long n, @Const FloatPointer x);

    public native void add_with_ids(
        @Cast("faiss::Index::idx_t") long n,
        @Const FloatPointer x,
        @Cast("const faiss::Index::idx_t*") LongPointer xids);

    public native void search(
        @Cast("faiss::Index::idx_t") long n,
        @Const FloatPointer x,
        @Cast("faiss::Index::idx_t") long k,
        FloatPointer distances,
        @Cast("faiss::Index::idx_t*") LongPointer labels);

    @Cast("size_t")
    public native long remove_ids(@Const @ByRef IDSelector sel);

    public native void reconstruct(@Cast("faiss::Index::idx_t") long key, FloatPointer recons);

    public native void reset();
  }

  /** Exact inner-product index (brute force). */
  @Name("IndexFlatIP")
  public static class IndexFlatIP extends Index {
    static {
      Loader.load();
    }

    public IndexFlatIP(long d) {
      allocate(d);
    }

    private native void allocate(@Cast("faiss::Index::idx_t") long d);
  }

  /** HNSW graph over flat storage. */
  @Name("IndexHNSWFlat")
  public static class IndexHNSWFlat extends Index {
    static {
      Loader.load();
    }

    public IndexHNSWFlat(int d, int m, int metric) {
      allocate(d, m, metric);
    }

    private native void allocate(int d, int m, @Cast("faiss::MetricType") int metric);
  }

  /** Inverted file with flat (uncompressed) lists. */
  @Name("IndexIVFFlat")
  public static class IndexIVFFlat extends Index {
    static {
      Loader.load();
    }

    /**
     * The IVF index does not take ownership of {@code quantizer}: to hand it over, call {@code
     * quantizer.deallocate(false)} and {@link #own_fields(boolean) own_fields(true)}.
     */
    public IndexIVFFlat(Index quantizer, long d, long nlist, int metric) {
      allocate(quantizer, d, nlist, metric);
    }

    private native void allocate(
        Index quantizer,
        @Cast("size_t") long d,
        @Cast("size_t") long nlist,
        @Cast("faiss::MetricType") int metric);

    @MemberGetter
    @Cast("size_t")
    public native long nprobe();

    @MemberSetter
    public native IndexIVFFlat nprobe(@Cast("size_t") long nprobe);

    @MemberGetter
    @Cast("bool")
    public native boolean own_fields();

    @MemberSetter
    public native IndexIVFFlat own_fields(@Cast("bool") boolean own);
  }

  /** Maps a sub-index's sequential ids to caller-chosen 64-bit ids. */
  @Name("IndexIDMap")
  public static class IndexIDMap extends Index {
    static {
      Loader.load();
    }

    public IndexIDMap(Index index) {
      allocate(index);
    }

    private native void allocate(Index index);

    @MemberGetter
    @Cast("bool")
    public native boolean own_fields();

    @MemberSetter
    public native IndexIDMap own_fields(@Cast("bool") boolean own);
  }

  /** {@code faiss::IDSelector}: which ids an operation applies to. */
  @Name("IDSelector")
  public static class IDSelector extends Pointer {
    static {
      Loader.load();
    }

    public IDSelector(Pointer p) {
      super(p);
    }

    protected IDSelector() {}
  }

  /** Selects the ids of a set (hash set plus Bloom-like bitmap). */
  @Name("IDSelectorBatch")
  public static class IDSelectorBatch extends IDSelector {
    static {
      Loader.load();
    }

    public IDSelectorBatch(long n, LongPointer ids) {
      allocate(n, ids);
    }

    private native void allocate(
        @Cast("size_t") long n, @Cast("const faiss::Index::idx_t*") LongPointer ids);
  }

  @Cast("faiss::Index*")
  public static native Index index_factory(
      int d, String description, @Cast("faiss::MetricType") int metric);

  public static native void write_index(@Const Index index, String fname);

  @Cast("faiss::Index*")
  public static native Index read_index(String fname, int ioFlags);

  // ---- overdrive_faiss.h ----

  @Namespace("::overdrive")
  public static native void delete_index(Index index);

  /**
   * Searches with per-query parameters and an optional label filter (tombstone bitmap over labels
   * and a sorted array of excluded labels; null/0 for none).
   */
  @Namespace("::overdrive")
  public static native void search_filtered(
      @Const Index index,
      @Cast("int64_t") long n,
      @Const FloatPointer x,
      @Cast("int64_t") long k,
      FloatPointer distances,
      @Cast("int64_t*") LongPointer labels,
      @Cast("const uint8_t*") BytePointer tombstones,
      @Cast("int64_t") long tombstoneBits,
      @Cast("const int64_t*") LongPointer excluded,
      @Cast("int64_t") long excludedCount,
      int efSearch,
      int nprobe);

  @Namespace("::overdrive")
  @Cast("bool")
  public static native boolean set_hnsw_ef_construction(Index index, int ef);

  /** Sets an HNSW index's search breadth (1.7.3 ignores it in SearchParametersHNSW). */
  @Namespace("::overdrive")
  @Cast("bool")
  public static native boolean set_hnsw_ef_search(Index index, int ef);

  /** Lets {@link Index#reconstruct} find vectors by label (an IVF index needs a direct map). */
  @Namespace("::overdrive")
  public static native void make_reconstructable(Index index);

  @Namespace("::overdrive")
  @Cast("const char*")
  public static native String index_kind(@Const Index index);

  /** OpenMP threads of the calling thread's parallel regions. */
  @Namespace("::overdrive")
  public static native int omp_max_threads();

  /** Sets the calling thread's OpenMP thread count (the setting is per thread). */
  @Namespace("::overdrive")
  public static native void omp_set_threads(int n);

  @Namespace("::overdrive")
  @Cast("bool")
  public static native boolean gpu_compiled();

  @Namespace("::overdrive")
  public static native int gpu_count();

  @Namespace("::overdrive")
  @Cast("faiss::Index*")
  public static native Index index_cpu_to_gpu(@Const Index index, int device);
}
