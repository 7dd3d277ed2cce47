package io.overdrive.outcomes;

import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one For You answer served: the record of the served-ranking log (the topic {@code
 * overdrive.rankings}, the archive's {@code rankings-*.jsonl.gz}). Events name it by {@code
 * ranking_id}.
 *
 * @param variant the arm: a variant of {@code experiment}, or {@link Arm#OVERDRIVE_OFF}
 * @param candidateSource where the candidates came from ("request", "retrieval", "newest", ...)
 * @param items what was served, in order
 */
public record ServedRanking(
    String rankingId,
    String userId,
    String experiment,
    String variant,
    String modelVersion,
    String candidateSource,
    Instant servedAt,
    List<Item> items) {

  /** One served item: 0-based position (the position events carry) and score. */
  public record Item(String itemId, int position, double score) {}

  public ServedRanking {
    Objects.requireNonNull(rankingId, "rankingId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(servedAt, "servedAt");
    modelVersion = modelVersion == null ? "" : modelVersion;
    candidateSource = candidateSource == null ? "" : candidateSource;
    items = List.copyOf(items);
  }

  /** The record of an answer that carries its ranking id. */
  public static ServedRanking of(RankResult r, Instant servedAt) {
    List<Item> items = new ArrayList<>(r.items().size());
    for (RankedItem i : r.items()) {
      items.add(new Item(i.id(), i.rank() - 1, i.score()));
    }
    return new ServedRanking(
        r.rankingId(),
        r.userId(),
        r.experiment(),
        r.variant(),
        r.modelVersion(),
        r.candidateSource(),
        servedAt,
        items);
  }

  public Arm arm() {
    return new Arm(experiment, variant);
  }

  /** The arm code: the one the id starts with (they agree for every id this code made). */
  public String armCode() {
    String code = RankingIds.armCode(rankingId);
    return code != null ? code : arm().code();
  }
}
