package io.overdrive.bench.retrieval;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.overdrive.bench.BenchArgs;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.proto.v1.Vector;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.retrieval.SyntheticEmbeddings;
import io.overdrive.serving.faiss.FaissIndex;
import io.overdrive.serving.faiss.FaissLibrary;
import io.overdrive.serving.grpc.GrpcServer;
import io.overdrive.serving.grpc.RetrievalGrpcService;
import io.overdrive.serving.index.IndexBackend;
import io.overdrive.serving.index.IndexSpec;
import io.overdrive.serving.index.IndexUserEmbedder;
import io.overdrive.serving.index.LiveIndex;
import io.overdrive.serving.index.VectorIndex;
import io.overdrive.serving.jvector.JVectorIndex;
import io.overdrive.store.InMemoryFeatureStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retrieval benchmark behind {@code bench/retrieval.sh}: embedding-like vectors (low rank plus
 * noise), recall@10 against the exact scan, single-query latency in-process, through gRPC and from
 * C++ against the same libfaiss, and jvector at matched recall. Prints one JSON line; progress goes
 * to stderr.
 */
public final class RetrievalBenchmark {
  static final int K = 10;
  static final double TARGET_RECALL = 0.95;
  private static final JsonMapper JSON = new JsonMapper();

  private final int n;
  private final int dim;
  private final int queryCount;
  private final int jvectorN;
  private final long seed;
  private final Path work;
  private final String cpp;
  private final Set<String> configs;
  private final int grpcCalls;
  private final boolean reuse;
  private final int cores = Runtime.getRuntime().availableProcessors();

  private RetrievalBenchmark(BenchArgs a) {
    n = a.integer("n", 1_000_000);
    dim = a.integer("dim", 64);
    queryCount = a.integer("queries", 1000);
    jvectorN = a.integer("jvector-n", 100_000);
    seed = a.longInteger("seed", 42);
    work = Path.of(a.get("work", "target/retrieval"));
    cpp = a.get("cpp", "");
    configs = Set.of(a.get("configs", "Flat,HNSW32,IVF1024_Flat").split(","));
    grpcCalls = a.integer("grpc-calls", 20_000);
    reuse = Boolean.parseBoolean(a.get("reuse-index", "false"));
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    // the JSON line alone on stdout; logs of the libraries go to stderr
    java.io.PrintStream out = System.out;
    System.setOut(System.err);
    Map<String, Object> result = new RetrievalBenchmark(a).run();
    out.println(JSON.writeValueAsString(result));
    out.flush();
    System.exit(0);
  }

  private static void log(String msg) {
    System.err.println("[retrieval] " + msg);
  }

  Map<String, Object> run() throws Exception {
    Files.createDirectories(work);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "retrieval");
    r.put("n", n);
    r.put("dim", dim);
    r.put("queries", queryCount);
    r.put("k", K);
    r.put("data", "low-rank (16) plus noise (0.5), unit length, seed " + seed);
    r.put("cores", cores);
    r.put("java", System.getProperty("java.version"));

    SyntheticEmbeddings gen = new SyntheticEmbeddings(dim, 16, 0.5, seed);
    ItemEmbeddings items = gen.items("bench", n);
    float[][] queries = gen.queries(queryCount);
    writeQueries(queries);

    log("exact ground truth for " + queryCount + " queries over " + n + " items");
    ExactRetriever exact = new ExactRetriever(items);
    List<List<ScoredItem>> truth = truth(exact, queries);
    r.put(
        "exact",
        latency(q -> exact.search(q, K, Set.of()), queries, Math.min(queryCount, 50), truth));

    var reason = FaissLibrary.unavailableReason();
    if (reason.isPresent()) {
      r.put("faiss", "skipped: " + reason.get());
    } else {
      Map<String, Object> faiss = new LinkedHashMap<>();
      if (configs.contains("Flat")) {
        faiss.put("Flat", faissConfig(items, queries, truth, "Flat", new int[][] {{0, 0}}, false));
      }
      if (configs.contains("HNSW32")) {
        faiss.put(
            "HNSW32",
            faissConfig(
                items,
                queries,
                truth,
                "HNSW32",
                new int[][] {{16, 0}, {32, 0}, {48, 0}, {64, 0}, {128, 0}, {256, 0}},
                true));
      }
      if (configs.contains("IVF1024_Flat")) {
        faiss.put(
            "IVF1024,Flat",
            faissConfig(
                items,
                queries,
                truth,
                "IVF1024,Flat",
                new int[][] {{0, 8}, {0, 16}, {0, 32}, {0, 64}},
                false));
      }
      r.put("faiss", faiss);
    }
    if (jvectorN > 0) {
      r.put("jvector_vs_faiss", jvectorComparison(items, queries));
    }
    return r;
  }

  /** Builds one FAISS index, sweeps its search breadth, and (for the main index) compares paths. */
  private Map<String, Object> faissConfig(
      ItemEmbeddings items,
      float[][] queries,
      List<List<ScoredItem>> truth,
      String factory,
      int[][] sweep,
      boolean comparePaths)
      throws Exception {
    log("FAISS " + factory + ": build");
    IndexSpec spec =
        new IndexSpec(IndexBackend.FAISS, factory, 64, 16, 80, 32, false, cores, cores);
    long rss0 = rssBytes();
    long t0 = System.nanoTime();
    FaissIndex index;
    Path dir = work.resolve(factory.replace(',', '_'));
    Map<String, Object> c = new LinkedHashMap<>();
    if (reuse && Files.exists(dir.resolve(FaissIndex.INDEX_FILE))) {
      // the snapshot a previous run of the same --n/--dim/--seed saved: no build figures
      index = FaissIndex.load(dir, spec);
      c.put("reused_snapshot", true);
    } else {
      FaissLibrary.ompThreads(cores);
      try {
        index = FaissIndex.build(items, spec);
      } finally {
        FaissLibrary.ompThreads(1);
      }
      c.put("build_s", round((System.nanoTime() - t0) / 1e9));
      c.put("rss_growth_mb", round((rssBytes() - rss0) / 1e6));
      index.save(dir);
    }
    c.put("index_file_mb", round(Files.size(dir.resolve(FaissIndex.INDEX_FILE)) / 1e6));
    int measured = factory.equals("Flat") ? Math.min(queries.length, 100) : queries.length;
    List<Map<String, Object>> settings = new ArrayList<>();
    Map<String, Object> chosen = null;
    int[] chosenSetting = null;
    for (int[] s : sweep) {
      index.tuneSearch(s[0] == 0 ? 16 : s[0], s[1] == 0 ? 1 : s[1]);
      Map<String, Object> m = latency(q -> index.search(q, K, Set.of()), queries, measured, truth);
      if (s[0] > 0) {
        m.put("ef_search", s[0]);
      }
      if (s[1] > 0) {
        m.put("nprobe", s[1]);
      }
      settings.add(m);
      log("FAISS " + factory + " " + m);
      if (chosen == null && (double) m.get("recall_at_10") >= TARGET_RECALL) {
        chosen = m;
        chosenSetting = s;
      }
    }
    c.put("settings", settings);
    if (comparePaths && chosen != null) {
      index.tuneSearch(chosenSetting[0], Math.max(1, chosenSetting[1]));
      c.put("paths", comparePaths(index, dir, queries, truth, chosen, chosenSetting));
    }
    index.close();
    return c;
  }

  /** The same index and queries: in-process, through gRPC on localhost, and from C++. */
  private Map<String, Object> comparePaths(
      FaissIndex index,
      Path dir,
      float[][] queries,
      List<List<ScoredItem>> truth,
      Map<String, Object> inProcess,
      int[] setting)
      throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("ef_search", setting[0]);
    p.put("in_process", inProcess);

    LiveIndex live = new LiveIndex();
    live.install(index, "bench", null, "build", Set.of());
    var store =
        new InMemoryFeatureStore(
            LearningSettings.defaults().decay(),
            50,
            LearningSettings.defaults().sessionTimeout().toMillis());
    var service =
        new RetrievalGrpcService(
            live,
            store,
            new IndexUserEmbedder(
                live, InterestTaxonomy.loadDefault(), 0.5, 50, io.overdrive.store.ErasedUsers.NONE),
            Clock.systemUTC(),
            new RetrievalGrpcService.Limits(1000, 256, 10000));
    // the service's own code path (request parsing aside) on this thread, without the transport
    Function<float[], List<ScoredItem>> direct =
        q -> {
          List<SearchResponse> out = new ArrayList<>(1);
          service.search(
              SearchRequest.newBuilder().setVector(vector(q)).setK(K).build(),
              new io.grpc.stub.StreamObserver<>() {
                @Override
                public void onNext(SearchResponse r) {
                  out.add(r);
                }

                @Override
                public void onError(Throwable t) {
                  throw new IllegalStateException(t);
                }

                @Override
                public void onCompleted() {}
              });
          return out.get(0).getHitsList().stream()
              .map(h -> new ScoredItem(h.getItemId(), h.getScore()))
              .toList();
        };
    p.put("service_direct", latency(direct, queries, queries.length, truth));
    // the same calls on a thread made like the server's event-loop threads (one OpenMP thread)
    java.util.concurrent.ExecutorService worker =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            io.overdrive.serving.faiss.FaissLibrary.threadFactory("bench-worker", 1));
    try {
      p.put(
          "service_on_worker_thread",
          worker.submit(() -> latency(direct, queries, queries.length, truth)).get());
    } finally {
      worker.shutdown();
    }
    // server-side time of each Search (message in to response closed), to split the tail between
    // the server's work and the transport / scheduling around it
    long[] serverNanos = new long[grpcCalls];
    int[] serverCount = {0};
    boolean[] recordServer = {false};
    io.grpc.ServerInterceptor timing =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              io.grpc.Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            long[] start = {0};
            io.grpc.ServerCall<Q, R> timed =
                new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                  @Override
                  public void close(io.grpc.Status status, io.grpc.Metadata trailers) {
                    super.close(status, trailers);
                    if (recordServer[0] && start[0] != 0 && serverCount[0] < serverNanos.length) {
                      serverNanos[serverCount[0]++] = System.nanoTime() - start[0];
                    }
                  }
                };
            io.grpc.ServerCall.Listener<Q> inner = next.startCall(timed, headers);
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                inner) {
              @Override
              public void onMessage(Q message) {
                start[0] = System.nanoTime();
                super.onMessage(message);
              }
            };
          }
        };
    GrpcServer server =
        new GrpcServer(
            0,
            GrpcServer.callPool(cores),
            live,
            List.of(() -> io.grpc.ServerInterceptors.intercept(service, timing)));
    server.start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    try {
      var stub = RetrievalServiceGrpc.newBlockingStub(channel);
      // connect first: connection set-up is not what is measured
      stub.withWaitForReady()
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .search(SearchRequest.newBuilder().setVector(vector(queries[0])).setK(K).build());
      Function<float[], List<ScoredItem>> viaGrpc =
          q -> {
            SearchResponse resp =
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .search(SearchRequest.newBuilder().setVector(vector(q)).setK(K).build());
            return resp.getHitsList().stream()
                .map(h -> new ScoredItem(h.getItemId(), h.getScore()))
                .toList();
          };
      // gRPC, Netty and protobuf code is only compiled by the JIT after thousands of calls: warm
      // up as long as the measurement, then measure every query several times over
      for (int i = 0; i < grpcCalls; i++) {
        viaGrpc.apply(queries[i % queries.length]);
      }
      recordServer[0] = true;
      p.put("grpc", latency(viaGrpc, queries, grpcCalls, truth));
      recordServer[0] = false;
      long[] onServer = Arrays.copyOf(serverNanos, serverCount[0]);
      Arrays.sort(onServer);
      Map<String, Object> serverSide = new LinkedHashMap<>();
      serverSide.put("p50_ms", round(onServer[onServer.length / 2] / 1e6));
      serverSide.put("p99_ms", round(onServer[(int) (onServer.length * 0.99)] / 1e6));
      serverSide.put("max_ms", round(onServer[onServer.length - 1] / 1e6));
      p.put("grpc_server_side", serverSide);
      // the transport alone: an Info call does no search
      for (int i = 0; i < grpcCalls; i++) {
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
      }
      long[] nanos = new long[grpcCalls];
      for (int i = 0; i < nanos.length; i++) {
        long t0 = System.nanoTime();
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      Map<String, Object> empty = new LinkedHashMap<>();
      empty.put("p50_ms", round(nanos[nanos.length / 2] / 1e6));
      empty.put("p99_ms", round(nanos[(int) (nanos.length * 0.99)] / 1e6));
      p.put("grpc_empty_call", empty);
    } finally {
      channel.shutdownNow();
      server.stop();
    }
    if (!cpp.isEmpty()) {
      Process proc =
          new ProcessBuilder(
                  cpp,
                  dir.resolve(FaissIndex.INDEX_FILE).toString(),
                  work.resolve("queries.f32").toString(),
                  Integer.toString(queries.length),
                  Integer.toString(dim),
                  Integer.toString(K),
                  Integer.toString(setting[0]),
                  Integer.toString(Math.max(1, setting[1])))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      JsonNode c = JSON.readTree(proc.getInputStream());
      proc.waitFor();
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("p50_ms", round(c.get("p50_us").asDouble() / 1000));
      cm.put("p99_ms", round(c.get("p99_us").asDouble() / 1000));
      cm.put("qps", round(1e6 / c.get("mean_us").asDouble()));
      p.put("cpp", cm);
      double cppP50 = (double) cm.get("p50_ms");
      p.put("speed_ratio_in_process_vs_cpp", round(cppP50 / (double) inProcess.get("p50_ms")));
      @SuppressWarnings("unchecked")
      Map<String, Object> g = (Map<String, Object>) p.get("grpc");
      p.put("speed_ratio_grpc_vs_cpp", round(cppP50 / (double) g.get("p50_ms")));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> g = (Map<String, Object>) p.get("grpc");
    p.put(
        "target_grpc_p99_le_2ms_at_recall_0_95",
        (double) g.get("p99_ms") <= 2.0 && (double) g.get("recall_at_10") >= TARGET_RECALL);
    return p;
  }

  /** jvector and FAISS HNSW on the same items, each at the smallest breadth reaching the target. */
  private Map<String, Object> jvectorComparison(ItemEmbeddings all, float[][] queries) {
    int m = Math.min(all.count(), jvectorN);
    ItemEmbeddings items =
        new ItemEmbeddings(
            "bench", dim, all.ids().subList(0, m), Arrays.copyOf(all.vectors(), m * dim));
    log("jvector vs FAISS HNSW on " + m + " items");
    List<List<ScoredItem>> truth = truth(new ExactRetriever(items), queries);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", m);
    int[] efs = {16, 32, 64, 128, 256, 512};

    IndexSpec jspec =
        new IndexSpec(IndexBackend.JVECTOR, "HNSW32", 64, 16, 80, 32, false, cores, cores);
    long t0 = System.nanoTime();
    try (JVectorIndex j = JVectorIndex.build(items, jspec)) {
      Map<String, Object> jm = new LinkedHashMap<>();
      jm.put("build_s", round((System.nanoTime() - t0) / 1e9));
      jm.put("at_target", sweep(ef -> j.tuneSearch(ef), j, efs, queries, truth));
      out.put("jvector", jm);
    }
    if (FaissLibrary.available()) {
      IndexSpec fspec =
          new IndexSpec(IndexBackend.FAISS, "HNSW32", 64, 16, 80, 32, false, cores, cores);
      t0 = System.nanoTime();
      FaissLibrary.ompThreads(cores);
      FaissIndex f;
      try {
        f = FaissIndex.build(items, fspec);
      } finally {
        FaissLibrary.ompThreads(1);
      }
      try (f) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("build_s", round((System.nanoTime() - t0) / 1e9));
        fm.put("at_target", sweep(ef -> f.tuneSearch(ef, 1), f, efs, queries, truth));
        out.put("faiss_hnsw", fm);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> jt =
          (Map<String, Object>) ((Map<String, Object>) out.get("jvector")).get("at_target");
      @SuppressWarnings("unchecked")
      Map<String, Object> ft =
          (Map<String, Object>) ((Map<String, Object>) out.get("faiss_hnsw")).get("at_target");
      if (jt.containsKey("p50_ms") && ft.containsKey("p50_ms")) {
        out.put(
            "speed_ratio_jvector_vs_faiss",
            round((double) ft.get("p50_ms") / (double) jt.get("p50_ms")));
      }
    }
    return out;
  }

  private Map<String, Object> sweep(
      java.util.function.IntConsumer tune,
      VectorIndex index,
      int[] efs,
      float[][] queries,
      List<List<ScoredItem>> truth) {
    Map<String, Object> last = Map.of();
    for (int ef : efs) {
      tune.accept(ef);
      Map<String, Object> m =
          latency(q -> index.search(q, K, Set.of()), queries, queries.length, truth);
      m.put("ef_search", ef);
      log(index.backend().wireName() + " " + m);
      last = m;
      if ((double) m.get("recall_at_10") >= TARGET_RECALL) {
        return m;
      }
    }
    return last;
  }

  private List<List<ScoredItem>> truth(ExactRetriever exact, float[][] queries) {
    ForkJoinPool pool = new ForkJoinPool(cores);
    try {
      return pool.submit(
              () ->
                  IntStream.range(0, queries.length)
                      .parallel()
                      .mapToObj(i -> exact.search(queries[i], K, Set.of()))
                      .toList())
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
    }
  }

  /** Sequential single queries on one thread: recall@10, p50/p99 latency and QPS (1 / mean). */
  private static Map<String, Object> latency(
      Function<float[], List<ScoredItem>> search,
      float[][] queries,
      int count,
      List<List<ScoredItem>> truth) {
    int warmup = Math.min(count, 200);
    for (int i = 0; i < warmup; i++) {
      search.apply(queries[i % queries.length]);
    }
    long[] nanos = new long[count];
    double recall = 0;
    for (int i = 0; i < count; i++) {
      int q = i % queries.length; // count may exceed the queries: each is asked again
      long t0 = System.nanoTime();
      List<ScoredItem> found = search.apply(queries[q]);
      nanos[i] = System.nanoTime() - t0;
      recall += SyntheticEmbeddings.recall(truth.get(q), found);
    }
    double mean = Arrays.stream(nanos).average().orElse(0);
    Arrays.sort(nanos);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recall_at_10", round(recall / count));
    m.put("p50_ms", round(nanos[count / 2] / 1e6));
    m.put("p99_ms", round(nanos[Math.min(count - 1, (int) (count * 0.99))] / 1e6));
    m.put("qps", round(1e9 / mean));
    m.put("measured_queries", count);
    return m;
  }

  private static Vector vector(float[] q) {
    Vector.Builder v = Vector.newBuilder();
    for (float f : q) {
      v.addValues(f);
    }
    return v.build();
  }

  private void writeQueries(float[][] queries) throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(queries.length * dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] q : queries) {
      for (float f : q) {
        b.putFloat(f);
      }
    }
    Files.write(work.resolve("queries.f32"), b.array());
  }

  private static long rssBytes() {
    System.gc();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no memory figure
    }
    return 0;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
