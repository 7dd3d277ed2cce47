package io.overdrive.ranking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The For You pipeline: an ordered list of named stages. Each stage's latency is recorded in the
 * {@code overdrive.ranking.stage} timer, tagged with the stage's name; the same name is attributed
 * to the signals the stage wrote and so appears in the reasons of the ranked items.
 */
public final class RankingPipeline {
  public static final String STAGE_TIMER = "overdrive.ranking.stage";

  private final List<RankingStage> stages;
  private final List<Timer> timers;

  public RankingPipeline(List<RankingStage> stages, MeterRegistry registry) {
    this.stages = List.copyOf(stages);
    Set<String> names = new HashSet<>();
    for (RankingStage s : stages) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("two stages are named " + s.name());
      }
    }
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    this.timers = new ArrayList<>();
    for (RankingStage s : this.stages) {
      timers.add(
          Timer.builder(STAGE_TIMER)
              .description("Latency of one For You pipeline stage")
              .tag("stage", s.name())
              .publishPercentileHistogram()
              .register(r));
    }
  }

  public List<String> stageNames() {
    return stages.stream().map(RankingStage::name).toList();
  }

  public List<RankingStage> stages() {
    return stages;
  }

  public RankResult rank(
      RankRequest request, RankingSettings settings, String variant, Instant now) {
    return rank(request, settings, variant, "none", now);
  }

  public RankResult rank(
      RankRequest request,
      RankingSettings settings,
      String variant,
      String experiment,
      Instant now) {
    RankingContext ctx = new RankingContext(request, now, settings, variant);
    Map<String, Double> millis = new LinkedHashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      RankingStage stage = stages.get(i);
      long t0 = System.nanoTime();
      stage.apply(ctx);
      ctx.sweepDropped(stage.name());
      ctx.attribute(stage.name());
      long dt = System.nanoTime() - t0;
      timers.get(i).record(dt, TimeUnit.NANOSECONDS);
      millis.put(stage.name(), dt / 1e6);
    }
    List<RankedItem> items = new ArrayList<>(ctx.selected().size());
    int rank = 1;
    for (Candidate c : ctx.selected()) {
      List<Contribution> contributions =
          ctx.blend() == null ? List.of() : ctx.blend().contributions(c, ctx);
      items.add(
          new RankedItem(
              c.id(),
              c.score(),
              rank++,
              Blend.reasons(contributions, c),
              contributions,
              c.features().asMap()));
    }
    return new RankResult(
        request.userId(),
        items,
        ctx.personalization(),
        variant,
        ctx.modelVersion(),
        ctx.candidateSource(),
        ctx.dropped(),
        millis,
        experiment);
  }
}
