package io.overdrive.bench.ranking;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.AbstractBlockingStub;
import io.grpc.stub.ClientCalls;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.RankingServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The load generator's {@code RankingService.ForYou} with requests as bytes: each request's
 * protobuf encoded once before anything is timed (as the REST callers send JSON encoded before
 * their timing starts), and each answer read whole as bytes but not parsed (as the REST callers
 * read their JSON to its last byte without parsing it). The method is the generated one (same name,
 * type and flags) with other marshallers, called through a blocking stub on the same channel, so
 * the node sees the same call with the same headers as from the generated blocking stub.
 *
 * <p>Why: the generated stub serialized the 500 candidates' message on the calling thread on every
 * call (0.02-0.08 ms of the caller's CPU, inside the measured time) where the REST side sent ready
 * bytes; the comparison of the two edges is of the servers, with clients doing the same work.
 */
final class PreEncodedForYou {
  private PreEncodedForYou() {}

  /** {@code ForYou} as generated, its request and answer as bytes. */
  static final MethodDescriptor<byte[], byte[]> METHOD =
      RankingServiceGrpc.getForYouMethod().toBuilder(Bytes.INSTANCE, Bytes.INSTANCE).build();

  /** The request's bytes, encoded as the generated marshaller encodes the message. */
  static byte[] encode(ForYouRequest request) {
    return request.toByteArray();
  }

  /** A blocking stub for {@link #METHOD} on {@code channel}. */
  static Stub stub(Channel channel) {
    return AbstractBlockingStub.newStub(Stub::new, channel);
  }

  /** The generated blocking stub's way of calling, with bytes. */
  static final class Stub extends AbstractBlockingStub<Stub> {
    private Stub(Channel channel, CallOptions options) {
      super(channel, options);
    }

    @Override
    protected Stub build(Channel channel, CallOptions options) {
      return new Stub(channel, options);
    }

    /** The answer's bytes (a {@code ForYouResponse}); a failed call throws as the stub's does. */
    byte[] forYou(byte[] request) {
      return ClientCalls.blockingUnaryCall(getChannel(), METHOD, getCallOptions(), request);
    }
  }

  /**
   * Bytes as they are: written by draining the array into gRPC's frame (with its length known, as
   * protobuf's own marshaller offers it), read to the end into an array.
   */
  static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    static final Bytes INSTANCE = new Bytes();

    @Override
    public InputStream stream(byte[] value) {
      return new Encoded(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("Failed reading the answer")
            .withCause(e)
            .asRuntimeException();
      }
    }
  }

  /** An array as gRPC's framer takes it best: its length known, drained in one write. */
  private static final class Encoded extends ByteArrayInputStream
      implements KnownLength, Drainable {
    Encoded(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
