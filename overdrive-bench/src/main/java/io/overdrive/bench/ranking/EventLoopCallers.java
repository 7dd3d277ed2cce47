package io.overdrive.bench.ranking;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gRPC callers without threads of their own ({@code --grpc-clients grpc-event-loop}): each caller
 * is a chain of ForYou calls on its channel's event loop, the next call started from the previous
 * one's close, with the answer delivered on the event loop that read it (a direct executor). The
 * counterpart of the REST socket callers, which write and read their own sockets: a blocking stub's
 * call is written by the channel's event loop (one wake-up of it) and its answer handed back to the
 * calling thread (another), two hand-offs per call that neither the node nor the REST callers have.
 * Requests are the pre-encoded bytes of {@link PreEncodedForYou}, answers read whole, as there.
 *
 * <p>A call is timed from its start to its close; each caller makes one call at a time (closed
 * loop, like the threads of {@link RankLatencyBenchmark#run}).
 */
final class EventLoopCallers {
  private EventLoopCallers() {}

  /** {@code workers} chains for {@code seconds}, on channel {@code w} modulo their number. */
  static RankLatencyBenchmark.Phase run(
      List<ManagedChannel> channels,
      List<byte[]> requests,
      int workers,
      double seconds,
      long[] nanos)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(workers);
    // a failed call's successor starts from here, never inside the failed call's own close
    ExecutorService retries = Executors.newSingleThreadExecutor();
    long t0 = System.nanoTime();
    try {
      for (int w = 0; w < workers; w++) {
        new Chain(
                channels.get(w % channels.size()),
                requests,
                w * 31,
                stop,
                next,
                errors,
                nanos,
                done,
                retries)
            .call();
      }
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      if (!done.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gRPC calls still open 30 s after the phase");
      }
    } finally {
      retries.shutdownNow();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    int count = (int) Math.min(next.get(), nanos == null ? 0 : nanos.length);
    return RankLatencyBenchmark.Phase.of(
        nanos == null ? new long[0] : nanos, count, errors.get(), elapsed);
  }

  /** One caller: a call at a time, each started when the one before closes. */
  private static final class Chain extends ClientCall.Listener<byte[]> {
    private static final CallOptions DIRECT =
        CallOptions.DEFAULT.withExecutor(MoreExecutors.directExecutor());

    private final ManagedChannel channel;
    private final List<byte[]> requests;
    private final AtomicBoolean stop;
    private final AtomicLong next;
    private final AtomicLong errors;
    private final long[] nanos;
    private final CountDownLatch done;
    private final ExecutorService retries;
    private int i;
    private long start;
    private boolean answered;

    Chain(
        ManagedChannel channel,
        List<byte[]> requests,
        int first,
        AtomicBoolean stop,
        AtomicLong next,
        AtomicLong errors,
        long[] nanos,
        CountDownLatch done,
        ExecutorService retries) {
      this.channel = channel;
      this.requests = requests;
      this.i = first;
      this.stop = stop;
      this.next = next;
      this.errors = errors;
      this.nanos = nanos;
      this.done = done;
      this.retries = retries;
    }

    void call() {
      if (stop.get()) {
        done.countDown();
        return;
      }
      answered = false;
      start = System.nanoTime();
      ClientCall<byte[], byte[]> call =
          channel.newCall(PreEncodedForYou.METHOD, DIRECT.withDeadlineAfter(10, TimeUnit.SECONDS));
      call.start(this, new Metadata());
      call.request(2); // as grpc-java's unary calls ask: a second message would be an error
      call.sendMessage(requests.get(i++ % requests.size()));
      call.halfClose();
    }

    @Override
    public void onMessage(byte[] message) {
      answered = true;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      long dt = System.nanoTime() - start;
      if (status.isOk() && answered) {
        long slot = next.getAndIncrement();
        if (nanos != null && slot < nanos.length) {
          nanos[(int) slot] = dt;
        }
        call();
      } else {
        errors.incrementAndGet();
        try {
          retries.execute(this::call);
        } catch (RuntimeException e) {
          done.countDown(); // the phase is over
        }
      }
    }
  }
}
