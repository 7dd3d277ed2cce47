package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.proto.v1.InteractionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventProtoTest {
  private static final Instant T = Instant.parse("2026-11-26T10:00:05.123Z");

  private static InteractionEvent.Builder valid() {
    return InteractionEvent.newBuilder()
        .setEventId("e1")
        .setUserId("u1")
        .setItemId("note1")
        .setType(io.overdrive.proto.v1.InteractionType.LIKE)
        .setClientTimestamp(Timestamp.newBuilder().setSeconds(T.getEpochSecond()).build());
  }

  @Test
  void whatTheApiPublishesDecodesToTheSameEvent() {
    Interaction e =
        new Interaction(
            "e1",
            "u1",
            "note1",
            "a1",
            InteractionType.VIEW,
            5300,
            0.9,
            3,
            "for_you",
            "control",
            T,
            List.of("gaming", "ps5"));
    Interaction back = EventProto.decode(EventProto.encode(e, Instant.now()));
    assertThat(back).isEqualTo(e);
    // the archive line is the REST edge's JSON: a round trip through it is lossless too
    assertThat(EventJson.parse(EventJson.toJson(back))).isEqualTo(e);
  }

  @Test
  void optionalFieldsStayAbsent() {
    Interaction e = Interaction.of("e1", "u1", "n1", InteractionType.IMPRESSION, T);
    Interaction back = EventProto.decode(EventProto.encode(e, null));
    assertThat(back.completion()).isNull();
    assertThat(back.position()).isNull();
    assertThat(back.authorId()).isNull();
    assertThat(back.surface()).isNull();
  }

  @Test
  void poisonRecordsAreRejectedWithTheOffendingField() {
    assertReason(null, "$", "empty record");
    assertReason("not protobuf at all".getBytes(StandardCharsets.UTF_8), "$", "not a protobuf");
    assertReason(valid().clearEventId().build().toByteArray(), "event_id", "is required");
    assertReason(valid().setUserId("  ").build().toByteArray(), "user_id", "non-empty");
    assertReason(valid().clearType().build().toByteArray(), "type", "is missing or unknown");
    assertReason(valid().setTypeValue(42).build().toByteArray(), "type", "unknown");
    assertReason(valid().clearClientTimestamp().build().toByteArray(), "timestamp", "required");
    assertReason(valid().setDwellMs(-5).build().toByteArray(), "dwell_ms", "[0, 86400000]");
    assertReason(valid().setCompletion(1.5f).build().toByteArray(), "completion", "[0, 1]");
    assertReason(valid().setCompletion(Float.NaN).build().toByteArray(), "completion", "[0, 1]");
    assertReason(valid().setPosition(-1).build().toByteArray(), "position", "[0, 100000]");
    assertReason(
        valid().setItemId("x".repeat(129)).build().toByteArray(), "item_id", "at most 128");
    assertReason(
        valid().addAllHashtags(Collections.nCopies(65, "t")).build().toByteArray(),
        "hashtags",
        "at most 64");
    assertReason(valid().addHashtags("").build().toByteArray(), "hashtags", "non-empty");
  }

  @Test
  void theRestEdgeAppliesTheSameLimits() {
    String tooLongItem =
        "{\"event_id\": \"e1\", \"user_id\": \"u1\", \"item_id\": \""
            + "x".repeat(129)
            + "\", \"type\": \"like\", \"timestamp\": \"2026-11-26T10:00:05Z\"}";
    assertThatThrownBy(() -> EventJson.parse(tooLongItem))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 128")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("item_id");
    String hugeDwell =
        "{\"event_id\": \"e1\", \"user_id\": \"u1\", \"item_id\": \"n\", \"type\": \"view\","
            + " \"dwell_ms\": 99999999999999999999, \"timestamp\": \"2026-11-26T10:00:05Z\"}";
    assertThatThrownBy(() -> EventJson.parse(hugeDwell))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("dwell_ms");
    String hugePosition =
        "{\"event_id\": \"e1\", \"user_id\": \"u1\", \"item_id\": \"n\", \"type\": \"view\","
            + " \"position\": 4294967296, \"timestamp\": \"2026-11-26T10:00:05Z\"}";
    assertThatThrownBy(() -> EventJson.parse(hugePosition))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[0, 100000]");
  }

  private static void assertReason(byte[] value, String field, String message) {
    assertThatThrownBy(() -> EventProto.decode(value))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(field);
  }
}
