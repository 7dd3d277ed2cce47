package io.overdrive.serving.faiss;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the FAISS JNI library once and says why when it cannot (libfaiss-dev was not installed when
 * the module was built, or the library's dependencies are missing at run time).
 */
public final class FaissLibrary {
  private static final Logger log = LoggerFactory.getLogger(FaissLibrary.class);
  private static volatile Optional<String> unavailableReason;

  private FaissLibrary() {}

  /** Empty when FAISS is usable; otherwise the reason it is not. */
  public static synchronized Optional<String> unavailableReason() {
    if (unavailableReason == null) {
      unavailableReason = tryLoad();
    }
    return unavailableReason;
  }

  public static boolean available() {
    return unavailableReason().isEmpty();
  }

  private static Optional<String> tryLoad() {
    if (FaissLibrary.class.getResource("linux-x86_64/libjniFaissNative.so") == null) {
      return Optional.of(
          "the FAISS JNI library was not built (libfaiss-dev was not installed at build time;"
              + " apt-get install libfaiss-dev libopenblas0-openmp and rebuild)");
    }
    try {
      Loader.load(FaissNative.class);
      return Optional.empty();
    } catch (Throwable t) {
      log.debug("cannot load FAISS", t);
      return Optional.of("the FAISS JNI library does not load: " + t);
    }
  }

  /**
   * Sets the calling thread's OpenMP thread count. One thread on the request path: a one-query
   * search spread over two threads waits at a barrier whenever a core is busy (p50 0.3 ms -> 9 ms).
   * The setting is per thread, so each worker sets it ({@link #threadFactory}).
   */
  public static void ompThreads(int n) {
    if (available()) {
      FaissNative.omp_set_threads(n);
    }
  }

  /** Threads whose FAISS calls use {@code ompThreads} OpenMP threads. */
  public static ThreadFactory threadFactory(String prefix, int ompThreads) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t =
          new Thread(
              () -> {
                ompThreads(ompThreads);
                r.run();
              },
              prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
