package io.overdrive.ranking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.overdrive.features.FeatureSlab;
import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.blender.Blend;
import io.overdrive.ranking.blender.Blender;
import io.overdrive.ranking.filter.Filter;
import io.overdrive.ranking.hydrator.CandidateHydrator;
import io.overdrive.ranking.hydrator.HydratedUser;
import io.overdrive.ranking.hydrator.QueryHydrator;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.ranking.scorer.Scorer;
import io.overdrive.ranking.selector.Selector;
import io.overdrive.ranking.source.CandidateSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The For You pipeline: named stages in phases of their kind, in order (product-mixer's shape). It
 * is built phase by phase ({@link #builder(QueryHydrator)}), so the configuration lists the phases
 * separately and a stage of the wrong kind, or in the wrong phase, does not compile:
 *
 * <pre>
 * query hydrator -> candidate sources -> candidate hydrators
 *   -> filters and scorers (a filter sees the signals of the scorers before it)
 *   -> blender -> selectors
 * </pre>
 *
 * Each stage's latency is recorded in the {@link #STAGE_TIMER} timer, tagged with the stage's name;
 * the same name is attributed to the slots the stage wrote and so appears in the reasons.
 */
public final class RankingPipeline {
  public static final String STAGE_TIMER = "overdrive.ranking.stage";

  private final QueryHydrator queryHydrator;
  private final List<Step> steps;
  private final List<String> names;
  private final Timer[] timers;

  /** Feature vectors' memory, shared by the process's pipelines (experiment variants, degraded). */
  private static final FeatureSlabs SLABS = FeatureSlabs.forThisMachine();

  /** One stage after the query hydrator, and how the context runs it (by its kind). */
  private record Step(RankingStage stage, Consumer<RankingContext> run) {}

  private RankingPipeline(QueryHydrator queryHydrator, List<Step> steps, MeterRegistry registry) {
    this.queryHydrator = queryHydrator;
    this.steps = List.copyOf(steps);
    List<String> all = new ArrayList<>();
    all.add(queryHydrator.name());
    steps.forEach(s -> all.add(s.stage().name()));
    Set<String> unique = new HashSet<>();
    for (String name : all) {
      if (!unique.add(name)) {
        throw new IllegalArgumentException("two stages are named " + name);
      }
    }
    this.names = List.copyOf(all);
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    this.timers = new Timer[names.size()];
    for (int i = 0; i < names.size(); i++) {
      timers[i] =
          Timer.builder(STAGE_TIMER)
              .description("Latency of one For You pipeline stage")
              .tag("stage", names.get(i))
              .publishPercentileHistogram()
              .register(r);
    }
  }

  /** Starts a pipeline with its query hydrator. */
  public static SourcePhase builder(QueryHydrator queryHydrator) {
    return new SourcePhase(queryHydrator);
  }

  /** The stages' names, in the order they run. */
  public List<String> stageNames() {
    return names;
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
    FeatureSlab slab = SLABS.take();
    try {
      return rank(request, settings, variant, experiment, now, slab);
    } finally {
      SLABS.give(slab); // the result holds copies of what it keeps (RankedItem's snapshot)
    }
  }

  private RankResult rank(
      RankRequest request,
      RankingSettings settings,
      String variant,
      String experiment,
      Instant now,
      FeatureSlab slab) {
    Map<String, Double> millis = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    HydratedUser user = queryHydrator.hydrate(request, now, settings);
    long dt = System.nanoTime() - t0;
    RankingContext ctx = RankingContext.of(RankingQuery.of(request, now, settings, user), slab);
    timers[0].record(dt, TimeUnit.NANOSECONDS);
    millis.put(names.get(0), dt / 1e6);
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      t0 = System.nanoTime();
      step.run().accept(ctx);
      dt = System.nanoTime() - t0;
      timers[i + 1].record(dt, TimeUnit.NANOSECONDS);
      millis.put(names.get(i + 1), dt / 1e6);
    }
    List<RankedItem> items = new ArrayList<>(ctx.selected().size());
    int rank = 1;
    for (Candidate c : ctx.selected()) {
      List<Contribution> contributions =
          ctx.blend() == null ? List.of() : ctx.blend().contributions(c, ctx::producerOf);
      items.add(
          new RankedItem(
              c.id(),
              c.score(),
              rank++,
              Blend.reasons(contributions, c),
              contributions,
              c.vector().snapshot()));
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

  /** What every phase of the builder shares: the steps so far and the slots they write. */
  private abstract static class Phase {
    final QueryHydrator queryHydrator;
    final List<Step> steps;
    long written;
    private boolean closed;

    Phase(QueryHydrator queryHydrator, List<Step> steps, long written) {
      this.queryHydrator = queryHydrator;
      this.steps = steps;
      this.written = written;
    }

    /** Takes over the stages of the phase before. */
    Phase(Phase before) {
      this(before.queryHydrator, before.steps, before.written);
    }

    /** Adds a stage that writes the slots of the mask. */
    void add(RankingStage stage, long mask, Consumer<RankingContext> run) {
      if (closed) {
        throw new IllegalStateException(
            "a later phase was started: " + stage.name() + " cannot join this one");
      }
      if ((written & mask) != 0) {
        throw new IllegalArgumentException(
            stage.name() + " writes " + slots(written & mask) + ", which a stage before it writes");
      }
      written |= mask;
      steps.add(new Step(stage, run));
    }

    /** Hands the steps to the next phase; this one takes no more stages. */
    <P> P next(P phase) {
      closed = true;
      return phase;
    }

    static List<String> slots(long mask) {
      List<String> out = new ArrayList<>();
      for (FeatureSlot s : FeatureSlot.values()) {
        if ((mask & (1L << s.ordinal())) != 0) {
          out.add(s.slotName());
        }
      }
      return out;
    }
  }

  /** After the query hydrator: the candidate sources. */
  public static final class SourcePhase extends Phase {
    private SourcePhase(QueryHydrator queryHydrator) {
      super(queryHydrator, new ArrayList<>(), 0);
    }

    public HydrationPhase candidateSources(List<? extends CandidateSource> sources) {
      for (CandidateSource s : sources) {
        add(s, 0, ctx -> ctx.run(s));
      }
      return next(new HydrationPhase(this));
    }
  }

  /** The candidate hydrators, then the first filter or scorer. */
  public static final class HydrationPhase extends Phase {
    private HydrationPhase(Phase before) {
      super(before);
    }

    public HydrationPhase hydrator(CandidateHydrator hydrator) {
      long writes = FeatureWriter.mask(hydrator.writes());
      add(hydrator, writes, ctx -> ctx.run(hydrator, writes));
      return this;
    }

    public ScoringPhase filter(Filter filter) {
      return next(new ScoringPhase(this)).filter(filter);
    }

    public ScoringPhase scorer(Scorer scorer) {
      return next(new ScoringPhase(this)).scorer(scorer);
    }

    public SelectionPhase blender(Blender blender) {
      return next(new ScoringPhase(this)).blender(blender);
    }
  }

  /**
   * Filters and scorers, in the order given: a filter sees the signals of the scorers before it
   * (and must, for the slots it {@link Filter#reads() reads}); scorers after it never see what it
   * removed.
   */
  public static final class ScoringPhase extends Phase {
    private ScoringPhase(Phase before) {
      super(before);
    }

    public ScoringPhase filter(Filter filter) {
      long missing = FeatureWriter.mask(filter.reads()) & ~written;
      if (missing != 0) {
        throw new IllegalArgumentException(
            filter.name() + " reads " + slots(missing) + ", which no stage before it writes");
      }
      add(filter, 0, ctx -> ctx.run(filter));
      return this;
    }

    public ScoringPhase scorer(Scorer scorer) {
      long writes = FeatureWriter.mask(scorer.writes());
      add(scorer, writes, ctx -> ctx.run(scorer, writes));
      return this;
    }

    /** Model scorers, after the rule scorers: no loaded model, no signal. */
    public ScoringPhase modelScorers(List<? extends ModelScorer> scorers) {
      for (ModelScorer s : scorers) {
        long writes = FeatureWriter.mask(s.writes());
        add(s, writes, ctx -> ctx.run(s, writes));
      }
      return this;
    }

    public SelectionPhase blender(Blender blender) {
      add(blender, 0, ctx -> ctx.run(blender));
      return next(new SelectionPhase(this));
    }
  }

  /** After the blender: the selectors, in order. */
  public static final class SelectionPhase extends Phase {
    private SelectionPhase(Phase before) {
      super(before);
    }

    public SelectionPhase selector(Selector selector) {
      add(selector, 0, ctx -> ctx.run(selector));
      return this;
    }

    /**
     * @param registry where the stage timers go; null for a private one (tests, benchmarks)
     */
    public RankingPipeline build(MeterRegistry registry) {
      return new RankingPipeline(queryHydrator, next(steps), registry);
    }
  }
}
