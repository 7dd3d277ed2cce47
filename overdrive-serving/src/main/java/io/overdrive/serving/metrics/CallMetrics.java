package io.overdrive.serving.metrics;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Server-side latency of every gRPC call, on {@code /metrics}: {@code
 * overdrive_serving_call_seconds{method, status}} (histogram), from the call's start to its close,
 * so a dashboard shows the node's own part of a Search or ForYou beside what the API measured.
 */
public final class CallMetrics implements ServerInterceptor {
  private final MeterRegistry registry;

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code service} with every call timed. */
  public BindableService timed(BindableService service) {
    return () -> ServerInterceptors.intercept(service, this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            Timer.builder("overdrive.serving.call")
                .description("server-side time of a gRPC call")
                .tag("method", method)
                .tag("status", status.getCode().name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            super.close(status, trailers);
          }
        },
        headers);
  }
}
