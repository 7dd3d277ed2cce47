package io.overdrive.insights;

import io.overdrive.ranking.Contribution;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a ranking came out as it did, stage by stage: for each item the signals each stage produced
 * and their part in the score, plus what selection stages decided (diversity, exploration); for the
 * request the stages in order with their time, and what the filters removed.
 *
 * @param stages the pipeline's stages in order with their time in ms
 * @param dropped candidates filters removed, id -> "Stage: reason"
 */
public record RankingExplanation(
    String variant,
    String experiment,
    String candidateSource,
    String modelVersion,
    double personalization,
    Map<String, Double> stages,
    List<ItemExplanation> items,
    Map<String, String> dropped) {

  /**
   * One item's explanation.
   *
   * @param byStage stage -> the signals it produced and their contributions, stages ordered by
   *     their total contribution
   * @param selection reasons added by selection stages ("DiversitySelector:beyond_caps",
   *     "ExplorationMixer:exploration:travel")
   */
  public record ItemExplanation(
      String id,
      int rank,
      double score,
      List<String> reasons,
      Map<String, List<SignalPart>> byStage,
      List<String> selection,
      Map<String, Double> features) {}

  /** A signal's value, its weight in the blend and their product. */
  public record SignalPart(String signal, String detail, double value, double weight, double part) {
    static SignalPart of(Contribution c) {
      return new SignalPart(
          c.signal(),
          c.detail(),
          UserInsights.round(c.value()),
          UserInsights.round(c.weight()),
          UserInsights.round(c.contribution()));
    }
  }

  public static RankingExplanation of(RankResult r) {
    List<ItemExplanation> items = new ArrayList<>();
    for (RankedItem i : r.items()) {
      Map<String, List<SignalPart>> byStage = new LinkedHashMap<>();
      Map<String, Double> stageTotals = new LinkedHashMap<>();
      for (Contribution c : i.contributions()) {
        byStage.computeIfAbsent(c.stage(), k -> new ArrayList<>()).add(SignalPart.of(c));
        stageTotals.merge(c.stage(), c.contribution(), Double::sum);
      }
      Map<String, List<SignalPart>> ordered = new LinkedHashMap<>();
      stageTotals.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> ordered.put(e.getKey(), byStage.get(e.getKey())));
      List<String> selection =
          i.reasons().stream().filter(reason -> !isSignalReason(reason, i)).toList();
      items.add(
          new ItemExplanation(
              i.id(),
              i.rank(),
              UserInsights.round(i.score()),
              i.reasons(),
              ordered,
              selection,
              i.features()));
    }
    return new RankingExplanation(
        r.variant(),
        r.experiment(),
        r.candidateSource(),
        r.modelVersion(),
        UserInsights.round(r.personalization()),
        r.stageMillis(),
        items,
        r.dropped());
  }

  private static boolean isSignalReason(String reason, RankedItem i) {
    for (Contribution c : i.contributions()) {
      if (c.reason().equals(reason)) {
        return true;
      }
    }
    return false;
  }
}
