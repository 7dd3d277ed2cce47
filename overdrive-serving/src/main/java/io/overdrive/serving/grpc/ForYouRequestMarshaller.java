package io.overdrive.serving.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.overdrive.domain.Item;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code ForYou}'s request off the wire without building the message tree: the user id, the
 * limit and the candidate ids as protobuf reads them, and each described candidate as the {@link
 * Item} kept for its exact bytes ({@link KnownCandidates}) or, for a candidate not seen so, as the
 * {@link CandidateItem} protobuf parses from them. Generated code parsing all 500 candidates of a
 * described call into messages (a string per field, two lists and a timestamp each) was ~900 KB and
 * most of the serving node's CPU beyond the REST edge's (docs/benchmarks.md); a timeline service
 * describes the same posts the same way call after call.
 *
 * <p>It reads what the generated parser reads, the same way: proto3 strings checked as UTF-8, the
 * last of a repeated scalar field winning, unknown fields (and known numbers with another wire
 * type) skipped, and malformed bytes refused as gRPC's own protobuf marshaller refuses them
 * (INTERNAL, "Invalid protobuf byte sequence"). Checking the values (and every INVALID_ARGUMENT
 * naming a field) stays with {@link RankingGrpcService}, after the read.
 */
final class ForYouRequestMarshaller
    implements MethodDescriptor.Marshaller<ForYouRequestMarshaller.Read> {
  // ForYouRequest's tags: field number << 3 | wire type (as the generated parser's cases)
  private static final int USER_ID = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int LIMIT = tag(2, WireFormat.WIRETYPE_VARINT);
  private static final int CANDIDATE_IDS = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int CANDIDATES = tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  /** Candidates a timeline service usually sends (the lists' first size). */
  private static final int USUAL_CANDIDATES = 512;

  /** Request buffers up to this size are kept by each call thread for its next call. */
  private static final int KEPT_BUFFER = 4 << 20;

  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[64 << 10]);

  /**
   * A request as read: each of {@code candidates} is either the kept {@link Item} or a {@link
   * Fresh} candidate to check and keep.
   */
  record Read(String userId, int limit, List<String> candidateIds, List<Object> candidates) {}

  /** A described candidate not seen before: its message and its own copy of its bytes. */
  record Fresh(CandidateItem message, byte[] encoded) {}

  private final KnownCandidates known;
  private final KnownIds knownIds = new KnownIds();

  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  ForYouRequestMarshaller(KnownCandidates known) {
    this.known = known;
  }

  @Override
  public Read parse(InputStream stream) {
    try {
      byte[] buffer = BUFFER.get();
      int length = 0;
      int n;
      while ((n = stream.read(buffer, length, buffer.length - length)) > 0) {
        length += n;
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
          if (buffer.length <= KEPT_BUFFER) {
            BUFFER.set(buffer);
          }
        }
      }
      return read(buffer, length);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("Invalid protobuf byte sequence")
          .withCause(e)
          .asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("Failed parsing request")
          .withCause(e)
          .asRuntimeException();
    }
  }

  /** The request encoded in {@code wire[0, length)}. */
  Read read(byte[] wire, int length) throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(wire, 0, length);
    String userId = "";
    int limit = 0;
    // sized for a usual call at once: growing from 10 to 500 allocated three times the list
    List<String> ids = null;
    List<Object> candidates = null;
    try {
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == CANDIDATES) {
          int size = in.readRawVarint32();
          int start = in.getTotalBytesRead();
          in.skipRawBytes(size); // refuses a negative or truncated length
          Item item = known.find(wire, start, size);
          if (candidates == null) {
            candidates = new ArrayList<>(USUAL_CANDIDATES);
          }
          if (item != null) {
            candidates.add(item);
          } else {
            byte[] encoded = Arrays.copyOfRange(wire, start, start + size);
            candidates.add(new Fresh(CandidateItem.parseFrom(encoded), encoded));
          }
        } else if (tag == CANDIDATE_IDS) {
          if (ids == null) {
            ids = new ArrayList<>(USUAL_CANDIDATES);
          }
          ids.add(candidateId(in, wire, length));
        } else if (tag == USER_ID) {
          userId = in.readStringRequireUtf8();
        } else if (tag == LIMIT) {
          limit = in.readInt32();
        } else if (!in.skipField(tag)) {
          // an end-group tag at the top: the generated parser stops and refuses it
          throw new InvalidProtocolBufferException(
              "Protocol message end-group tag did not match expected tag.");
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return new Read(
        userId, limit, ids == null ? List.of() : ids, candidates == null ? List.of() : candidates);
  }

  /**
   * A candidate id at the reader (after its tag): the string kept for the same bytes ({@link
   * KnownIds}), else read as protobuf reads it (checked as UTF-8, refused alike) and kept. Only ids
   * whose length fits one byte (under 128 bytes) are kept; longer ones are read every time.
   */
  private String candidateId(CodedInputStream in, byte[] wire, int length) throws IOException {
    int at = in.getTotalBytesRead();
    if (at < length) {
      int size = wire[at]; // a one-byte varint when not negative
      int start = at + 1;
      if (size >= 0 && start + size <= length) {
        String kept = knownIds.find(wire, start, size);
        if (kept != null) {
          in.skipRawBytes(1 + size);
          return kept;
        }
        String id = in.readStringRequireUtf8();
        knownIds.keep(Arrays.copyOfRange(wire, start, start + size), id);
        return id;
      }
    }
    return in.readStringRequireUtf8();
  }

  /** The request of a message (tests, and any in-process caller): its bytes, read as above. */
  Read read(ForYouRequest request) {
    byte[] wire = request.toByteArray();
    try {
      return read(wire, wire.length);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a built message encodes validly", e);
    }
  }

  /**
   * Never called: the server only reads requests (clients use the generated marshaller, whose bytes
   * this one reads).
   */
  @Override
  public InputStream stream(Read value) {
    throw new UnsupportedOperationException("the ForYou request reader only reads");
  }
}
