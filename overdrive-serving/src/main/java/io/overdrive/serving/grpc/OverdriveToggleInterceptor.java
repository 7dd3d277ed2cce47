package io.overdrive.serving.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.overdrive.ranking.OverdriveToggle;

/**
 * Carries the gateway's {@code x-use-overdrive} metadata (the REST header's key) into the call's
 * {@link Context}, where {@link RankingGrpcService} reads it; parsing (and the INVALID_ARGUMENT of
 * a bad value) stays in the call.
 */
public final class OverdriveToggleInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> KEY =
      Metadata.Key.of(OverdriveToggle.HEADER, Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<String> VALUE = Context.key(OverdriveToggle.HEADER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String value = headers.get(KEY);
    if (value == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(VALUE, value), call, headers, next);
  }
}
