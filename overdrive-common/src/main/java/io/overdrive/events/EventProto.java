package io.overdrive.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.proto.v1.InteractionEvent;
import java.time.Instant;

/**
 * Maps interactions to and from the protobuf {@link InteractionEvent} carried on Kafka (why
 * protobuf: docs/decisions/0201-protobuf-on-the-topic.md). Decoding applies the same {@link
 * EventLimits} as the REST edge, so whatever the API published decodes, and anything else is a
 * poison message with a reason.
 */
public final class EventProto {
  private EventProto() {}

  public static InteractionEvent toProto(Interaction e, Instant receivedAt) {
    InteractionEvent.Builder b =
        InteractionEvent.newBuilder()
            .setEventId(e.eventId())
            .setUserId(e.userId())
            .setItemId(e.itemId())
            .setType(io.overdrive.proto.v1.InteractionType.valueOf(e.type().name()))
            .setDwellMs(e.dwellMs())
            .setClientTimestamp(ts(e.timestamp()))
            .addAllHashtags(e.hashtags());
    if (e.authorId() != null) {
      b.setAuthorId(e.authorId());
    }
    if (e.completion() != null) {
      b.setCompletion(e.completion().floatValue());
    }
    if (e.position() != null) {
      b.setPosition(e.position());
    }
    if (e.surface() != null) {
      b.setSurface(e.surface());
    }
    if (e.experimentVariant() != null) {
      b.setExperimentVariant(e.experimentVariant());
    }
    if (receivedAt != null) {
      b.setReceivedAt(ts(receivedAt));
    }
    if (e.rankingId() != null) {
      b.setRankingId(e.rankingId());
    }
    if (e.experiment() != null) {
      b.setExperiment(e.experiment());
    }
    return b.build();
  }

  /** The serialized message, as the API publishes it. */
  public static byte[] encode(Interaction e, Instant receivedAt) {
    return toProto(e, receivedAt).toByteArray();
  }

  /**
   * Decodes and validates one Kafka record value.
   *
   * @throws InvalidInputException naming the field, or {@code $} when the bytes are not an
   *     InteractionEvent at all
   */
  public static Interaction decode(byte[] value) {
    if (value == null || value.length == 0) {
      throw new InvalidInputException("$", "empty record: no InteractionEvent");
    }
    InteractionEvent p;
    try {
      p = InteractionEvent.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException("$", "not a protobuf InteractionEvent: " + e.getMessage());
    }
    return fromProto(p);
  }

  /**
   * @throws InvalidInputException when a required field is missing, the type unknown or a value out
   *     of {@link EventLimits}
   */
  public static Interaction fromProto(InteractionEvent p) {
    if (p.getType() == io.overdrive.proto.v1.InteractionType.INTERACTION_TYPE_UNSPECIFIED
        || p.getType() == io.overdrive.proto.v1.InteractionType.UNRECOGNIZED) {
      throw new InvalidInputException(
          "type", "is missing or unknown; one of " + InteractionType.wireNames());
    }
    if (!p.hasClientTimestamp()) {
      throw new InvalidInputException("timestamp", "is required");
    }
    Instant timestamp;
    try {
      timestamp =
          Instant.ofEpochSecond(
              p.getClientTimestamp().getSeconds(), p.getClientTimestamp().getNanos());
    } catch (java.time.DateTimeException | ArithmeticException e) {
      throw new InvalidInputException("timestamp", "is out of range");
    }
    return new Interaction(
        EventLimits.required("event_id", emptyToNull(p.getEventId()), EventLimits.MAX_ID_LENGTH),
        EventLimits.required("user_id", emptyToNull(p.getUserId()), EventLimits.MAX_ID_LENGTH),
        EventLimits.required("item_id", emptyToNull(p.getItemId()), EventLimits.MAX_ID_LENGTH),
        EventLimits.optional("author_id", p.getAuthorId(), EventLimits.MAX_ID_LENGTH),
        InteractionType.valueOf(p.getType().name()),
        EventLimits.dwellMs("dwell_ms", p.getDwellMs()),
        // the float on the wire back to the decimal the client sent (0.9f -> 0.9, not 0.899999976)
        p.hasCompletion()
            ? EventLimits.completion(
                "completion", Double.parseDouble(Float.toString(p.getCompletion())))
            : null,
        p.hasPosition() ? EventLimits.position("position", p.getPosition()) : null,
        EventLimits.optional("surface", p.getSurface(), EventLimits.MAX_LABEL_LENGTH),
        EventLimits.optional(
            "experiment_variant", p.getExperimentVariant(), EventLimits.MAX_LABEL_LENGTH),
        timestamp,
        EventLimits.hashtags("hashtags", p.getHashtagsList()),
        RankingIds.check(
            "ranking_id",
            EventLimits.optional("ranking_id", p.getRankingId(), RankingIds.MAX_LENGTH)),
        EventLimits.optional("experiment", p.getExperiment(), EventLimits.MAX_LABEL_LENGTH));
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
