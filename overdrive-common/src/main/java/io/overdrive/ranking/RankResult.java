package io.overdrive.ranking;

import java.util.List;
import java.util.Map;

/**
 * A ranking with what a caller needs to trust it.
 *
 * @param personalization 0 = cold-start rules only, 1 = learned signals only
 * @param candidateSource where candidates came from: "request", "retrieval", "fallback:..."
 * @param dropped candidates removed by filters, id -> reason (quality, seen, ...)
 * @param stageMillis time spent per stage, for debugging and /insights
 */
public record RankResult(
    String userId,
    List<RankedItem> items,
    double personalization,
    String variant,
    String modelVersion,
    String candidateSource,
    Map<String, String> dropped,
    Map<String, Double> stageMillis) {}
