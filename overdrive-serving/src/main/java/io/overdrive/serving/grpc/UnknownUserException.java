package io.overdrive.serving.grpc;

/** A search by user id for a user the node cannot embed. */
final class UnknownUserException extends RuntimeException {
  UnknownUserException(String message) {
    super(message);
  }
}
