package io.overdrive.api.retrieval;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.overdrive.proto.v1.Hit;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.InfoResponse;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.proto.v1.Vector;
import io.overdrive.retrieval.RetrievalException;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The serving node's RetrievalService as a {@link Retriever}: every call carries a deadline, and a
 * failed call becomes a {@link RetrievalException} whose reason is the status code ("unavailable",
 * "deadline_exceeded", ...), which the candidate source reports as {@code fallback:<reason>}.
 */
public final class GrpcRetriever implements Retriever {
  private final RetrievalServiceGrpc.RetrievalServiceBlockingStub stub;
  private final long deadlineNanos;
  private volatile String lastModelVersion = "";

  public GrpcRetriever(ManagedChannel channel, Duration deadline) {
    this.stub = RetrievalServiceGrpc.newBlockingStub(channel);
    this.deadlineNanos = deadline.toNanos();
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    Vector.Builder v = Vector.newBuilder();
    for (float f : query) {
      v.addValues(f);
    }
    return call(SearchRequest.newBuilder().setVector(v).setK(k).addAllExcludeIds(excluded).build());
  }

  @Override
  public List<ScoredItem> searchForUser(String userId, int k, Set<String> excluded) {
    return call(
        SearchRequest.newBuilder().setUserId(userId).setK(k).addAllExcludeIds(excluded).build());
  }

  private List<ScoredItem> call(SearchRequest request) {
    SearchResponse r;
    try {
      r = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).search(request);
    } catch (StatusRuntimeException e) {
      throw failure(e);
    }
    lastModelVersion = r.getModelVersion();
    return r.getHitsList().stream().map(GrpcRetriever::toScored).toList();
  }

  private static ScoredItem toScored(Hit h) {
    return new ScoredItem(h.getItemId(), h.getScore());
  }

  private static RetrievalException failure(StatusRuntimeException e) {
    Status s = e.getStatus();
    String reason =
        s.getCode() == Status.Code.NOT_FOUND
            ? "unknown_user"
            : s.getCode().name().toLowerCase(Locale.ROOT);
    return new RetrievalException(
        reason,
        "serving node: "
            + s.getCode()
            + (s.getDescription() == null ? "" : " " + s.getDescription()),
        e);
  }

  private InfoResponse info() {
    try {
      return stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)
          .info(InfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw failure(e);
    }
  }

  @Override
  public int dimension() {
    return info().getDimension();
  }

  @Override
  public long size() {
    return info().getSize();
  }

  /** The model version of the node's last answer ("" before the first). */
  @Override
  public String modelVersion() {
    return lastModelVersion;
  }
}
