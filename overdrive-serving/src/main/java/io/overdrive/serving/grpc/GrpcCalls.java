package io.overdrive.serving.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.serving.index.IndexNotReadyException;
import io.overdrive.serving.index.ModelVersionMismatchException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a unary call and maps failures to the Status a caller can act on. */
final class GrpcCalls {
  private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

  private GrpcCalls() {}

  static <T> void unary(String method, StreamObserver<T> response, Supplier<T> call) {
    Context ctx = Context.current();
    if (ctx.isCancelled()) {
      // the caller's deadline passed while the call waited for a worker: don't do the work
      response.onError(
          (ctx.getDeadline() != null && ctx.getDeadline().isExpired()
                  ? Status.DEADLINE_EXCEEDED
                  : Status.CANCELLED)
              .withDescription("cancelled before " + method + " started")
              .asRuntimeException());
      return;
    }
    T result;
    try {
      result = call.get();
    } catch (InvalidInputException e) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription(e.field() + ": " + e.getMessage())
              .asRuntimeException());
      return;
    } catch (UnknownUserException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IndexNotReadyException e) {
      response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (ModelVersionMismatchException e) {
      response.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      log.error("{} failed", method, e);
      response.onError(
          Status.INTERNAL
              .withDescription(method + " failed: " + e.getClass().getSimpleName())
              .asRuntimeException());
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
