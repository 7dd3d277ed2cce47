package io.overdrive.training.report;

import io.overdrive.training.eval.RankingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of {@code metrics.json}: a model under one protocol on the test targets. */
public record MetricsRow(
    String model, String protocol, RankingMetrics metrics, double trainSeconds) {

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("protocol", protocol);
    m.put("hr@10", round(metrics.hr10()));
    m.put("ndcg@10", round(metrics.ndcg10()));
    m.put("hr@20", round(metrics.hr20()));
    m.put("ndcg@20", round(metrics.ndcg20()));
    m.put("users", metrics.users());
    m.put("train_seconds", Math.round(trainSeconds * 10) / 10.0);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1e5) / 1e5;
  }
}
