package io.overdrive.events;

import com.google.protobuf.Timestamp;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.proto.v1.InteractionEvent;
import java.time.Instant;

/** Maps interactions to and from the protobuf {@link InteractionEvent} carried on Kafka. */
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
    return b.build();
  }

  /**
   * @throws InvalidInputException when a required field is missing or the type unknown
   */
  public static Interaction fromProto(InteractionEvent p) {
    if (p.getEventId().isEmpty()) {
      throw new InvalidInputException("event_id", "is required");
    }
    if (p.getUserId().isEmpty()) {
      throw new InvalidInputException("user_id", "is required");
    }
    if (p.getItemId().isEmpty()) {
      throw new InvalidInputException("item_id", "is required");
    }
    if (p.getType() == io.overdrive.proto.v1.InteractionType.INTERACTION_TYPE_UNSPECIFIED
        || p.getType() == io.overdrive.proto.v1.InteractionType.UNRECOGNIZED) {
      throw new InvalidInputException("type", "is missing or unknown");
    }
    if (!p.hasClientTimestamp()) {
      throw new InvalidInputException("timestamp", "is required");
    }
    return new Interaction(
        p.getEventId(),
        p.getUserId(),
        p.getItemId(),
        p.getAuthorId().isEmpty() ? null : p.getAuthorId(),
        InteractionType.valueOf(p.getType().name()),
        p.getDwellMs(),
        p.hasCompletion() ? (double) p.getCompletion() : null,
        p.hasPosition() ? p.getPosition() : null,
        p.getSurface().isEmpty() ? null : p.getSurface(),
        p.getExperimentVariant().isEmpty() ? null : p.getExperimentVariant(),
        Instant.ofEpochSecond(
            p.getClientTimestamp().getSeconds(), p.getClientTimestamp().getNanos()),
        p.getHashtagsList());
  }

  private static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
