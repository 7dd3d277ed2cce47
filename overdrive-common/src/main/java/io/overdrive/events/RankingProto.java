package io.overdrive.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.experiments.Experiment;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.proto.v1.ServedItem;
import io.overdrive.ranking.RequestLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps served rankings to and from the protobuf {@code overdrive.v1.ServedRanking} on the topic
 * {@code overdrive.rankings} (keyed by user id). Decoding checks what the consumer relies on (ids,
 * names, positions), so anything else is a dead letter with a reason.
 */
public final class RankingProto {
  private RankingProto() {}

  public static byte[] encode(ServedRanking r) {
    io.overdrive.proto.v1.ServedRanking.Builder b =
        io.overdrive.proto.v1.ServedRanking.newBuilder()
            .setRankingId(r.rankingId())
            .setUserId(r.userId())
            .setExperiment(r.experiment())
            .setVariant(r.variant())
            .setModelVersion(r.modelVersion())
            .setCandidateSource(r.candidateSource())
            .setServedAt(
                Timestamp.newBuilder()
                    .setSeconds(r.servedAt().getEpochSecond())
                    .setNanos(r.servedAt().getNano()));
    for (ServedRanking.Item i : r.items()) {
      b.addItems(
          ServedItem.newBuilder()
              .setItemId(i.itemId())
              .setPosition(i.position())
              .setScore(i.score()));
    }
    return b.build().toByteArray();
  }

  /**
   * @throws InvalidInputException naming the field, or {@code $} when the bytes are not a
   *     ServedRanking
   */
  public static ServedRanking decode(byte[] value) {
    if (value == null || value.length == 0) {
      throw new InvalidInputException("$", "empty record: no ServedRanking");
    }
    io.overdrive.proto.v1.ServedRanking p;
    try {
      p = io.overdrive.proto.v1.ServedRanking.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException("$", "not a protobuf ServedRanking: " + e.getMessage());
    }
    String rankingId =
        RankingIds.check(
            "ranking_id",
            EventLimits.required("ranking_id", empty(p.getRankingId()), RankingIds.MAX_LENGTH));
    if (p.getItemsCount() > RequestLimits.MAX_LIMIT) {
      throw new InvalidInputException("items", "at most " + RequestLimits.MAX_LIMIT + " items");
    }
    List<ServedRanking.Item> items = new ArrayList<>(p.getItemsCount());
    for (int i = 0; i < p.getItemsCount(); i++) {
      ServedItem it = p.getItems(i);
      items.add(
          new ServedRanking.Item(
              EventLimits.required(
                  "items[" + i + "].item_id", empty(it.getItemId()), EventLimits.MAX_ID_LENGTH),
              EventLimits.position("items[" + i + "].position", it.getPosition()),
              it.getScore()));
    }
    if (!p.hasServedAt()) {
      throw new InvalidInputException("served_at", "is required");
    }
    Instant servedAt;
    try {
      servedAt = Instant.ofEpochSecond(p.getServedAt().getSeconds(), p.getServedAt().getNanos());
    } catch (java.time.DateTimeException | ArithmeticException e) {
      throw new InvalidInputException("served_at", "is out of range");
    }
    return new ServedRanking(
        rankingId,
        EventLimits.required("user_id", empty(p.getUserId()), EventLimits.MAX_ID_LENGTH),
        EventLimits.required("experiment", empty(p.getExperiment()), Experiment.MAX_NAME_LENGTH),
        EventLimits.required("variant", empty(p.getVariant()), Experiment.MAX_NAME_LENGTH),
        EventLimits.optional("model_version", p.getModelVersion(), 256),
        EventLimits.optional("candidate_source", p.getCandidateSource(), 256),
        servedAt,
        items);
  }

  private static String empty(String s) {
    return s.isEmpty() ? null : s;
  }
}
