package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ForYou request reader reads from the wire what the generated parser reads, and refuses what
 * it refuses, as gRPC's protobuf marshaller does (INTERNAL, "Invalid protobuf byte sequence").
 */
class ForYouRequestMarshallerTest {
  private static final CandidateItem POST =
      CandidateItem.newBuilder()
          .setId("p1")
          .setContent("sunset at the beach #travel")
          .addHashtags("travel")
          .addMediaTypes("image")
          .setEngagementRate(0.04)
          .setAuthorId("a7")
          .setCreatedAt(Timestamp.newBuilder().setSeconds(1_764_000_000L))
          .build();

  private final ForYouRequestMarshaller reader = new ForYouRequestMarshaller(new KnownCandidates());

  @Test
  void readsWhatTheGeneratedParserReads() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ForYouRequest.newBuilder()
        .setUserId("first")
        .setLimit(7)
        .addCandidateIds("i1")
        .addCandidates(POST)
        .build()
        .writeTo(wire);
    // what a newer client may send: fields this version does not know, a known number with
    // another wire type, and (concatenated messages merge) the user id and limit again
    CodedOutputStream out = CodedOutputStream.newInstance(wire);
    out.writeInt64(15, 99);
    out.writeBytes(9, ByteString.copyFromUtf8("unknown"));
    out.writeFixed32(2, 5); // limit's number, fixed32: skipped as unknown
    out.writeString(1, "second");
    out.writeInt32(2, 12);
    out.writeString(3, "i2");
    out.flush();
    ForYouRequest.newBuilder().addCandidates(POST.toBuilder().setId("p2")).build().writeTo(wire);
    byte[] bytes = wire.toByteArray();

    ForYouRequest parsed = ForYouRequest.parseFrom(bytes);
    ForYouRequestMarshaller.Read read = reader.parse(new ByteArrayInputStream(bytes));

    assertThat(read.userId()).isEqualTo(parsed.getUserId()).isEqualTo("second");
    assertThat(read.limit()).isEqualTo(parsed.getLimit()).isEqualTo(12);
    assertThat(read.candidateIds()).isEqualTo(parsed.getCandidateIdsList());
    assertThat(read.candidates()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      ForYouRequestMarshaller.Fresh fresh =
          (ForYouRequestMarshaller.Fresh) read.candidates().get(i);
      assertThat(fresh.message()).isEqualTo(parsed.getCandidates(i));
      assertThat(fresh.encoded()).isEqualTo(parsed.getCandidates(i).toByteArray());
    }
  }

  @Test
  void anIdReadAgainIsTheStringReadBefore() throws IOException {
    ForYouRequest.Builder b = ForYouRequest.newBuilder().setUserId("u");
    b.addCandidateIds("i1").addCandidateIds("post-\u00e9t\u00e9").addCandidateIds("i1");
    b.addCandidateIds("x".repeat(200)); // a length over one byte: read, not kept
    byte[] bytes = b.build().toByteArray();

    ForYouRequestMarshaller.Read first = reader.parse(new ByteArrayInputStream(bytes));
    ForYouRequestMarshaller.Read second = reader.parse(new ByteArrayInputStream(bytes));

    List<String> parsed = ForYouRequest.parseFrom(bytes).getCandidateIdsList();
    assertThat(first.candidateIds()).isEqualTo(parsed);
    assertThat(second.candidateIds()).isEqualTo(parsed);
    // the same string objects: the steps after the read compare them by identity
    for (int i = 0; i < 3; i++) {
      assertThat(second.candidateIds().get(i)).isSameAs(first.candidateIds().get(i));
    }
    assertThat(second.candidateIds().get(2)).isSameAs(second.candidateIds().get(0));
    assertThat(second.candidateIds().get(3)).isNotSameAs(first.candidateIds().get(3));
  }

  @Test
  void anEmptyMessageIsTheDefaults() {
    ForYouRequestMarshaller.Read read = reader.parse(new ByteArrayInputStream(new byte[0]));
    assertThat(read.userId()).isEmpty();
    assertThat(read.limit()).isZero();
    assertThat(read.candidateIds()).isEmpty();
    assertThat(read.candidates()).isEmpty();
  }

  @Test
  void readsARequestLargerThanItsFirstBuffer() {
    ForYouRequest.Builder b = ForYouRequest.newBuilder().setUserId("u");
    for (int i = 0; i < 3000; i++) {
      b.addCandidates(POST.toBuilder().setId("post-" + i));
    }
    byte[] bytes = b.build().toByteArray();
    assertThat(bytes.length).isGreaterThan(3 * (64 << 10));

    ForYouRequestMarshaller.Read read = reader.parse(new ByteArrayInputStream(bytes));

    assertThat(read.candidates()).hasSize(3000);
    ForYouRequestMarshaller.Fresh last =
        (ForYouRequestMarshaller.Fresh) read.candidates().get(2999);
    assertThat(last.message().getId()).isEqualTo("post-2999");
  }

  @Test
  void refusesWhatTheGeneratedParserRefuses() throws IOException {
    byte[] valid =
        ForYouRequest.newBuilder().setUserId("u").addCandidates(POST).build().toByteArray();
    List<byte[]> malformed = new ArrayList<>();
    malformed.add(java.util.Arrays.copyOf(valid, valid.length - 3)); // truncated in a candidate
    malformed.add(new byte[] {10, 2, (byte) 0xC3, 0x28}); // user_id: not UTF-8
    malformed.add(new byte[] {26, 1, (byte) 0xFF}); // a candidate id: not UTF-8
    malformed.add(new byte[] {26, 3, 'i', '1'}); // a candidate id longer than the message
    malformed.add(new byte[] {26}); // a candidate id's tag, then nothing
    malformed.add(new byte[] {34, 4, 18, 2, (byte) 0xC3, 0x28}); // a candidate's content
    malformed.add(new byte[] {34, 2, 10, 5}); // a candidate's id longer than the candidate
    malformed.add(new byte[] {34, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}); // -1
    malformed.add(new byte[] {12}); // an end-group tag (field 1) at the top
    malformed.add(new byte[] {0, 1}); // field number 0
    malformed.add(new byte[] {16, (byte) 0x80}); // limit: a varint cut short

    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> ForYouRequest.parseFrom(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      Throwable refused = catchThrowable(() -> reader.parse(new ByteArrayInputStream(bytes)));
      assertThat(refused).isInstanceOf(StatusRuntimeException.class);
      Status status = ((StatusRuntimeException) refused).getStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(status.getDescription()).isEqualTo("Invalid protobuf byte sequence");
    }
  }
}
