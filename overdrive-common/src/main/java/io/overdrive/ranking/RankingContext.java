package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlab;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.blender.Blend;
import io.overdrive.ranking.blender.Blender;
import io.overdrive.ranking.filter.Filter;
import io.overdrive.ranking.filter.FilterResult;
import io.overdrive.ranking.hydrator.CandidateHydrator;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.ranking.scorer.Scorer;
import io.overdrive.ranking.selector.Selection;
import io.overdrive.ranking.selector.Selector;
import io.overdrive.ranking.source.CandidateSource;
import io.overdrive.ranking.source.SourcedCandidates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one ranking request as the pipeline holds it, and the one place each kind's contract
 * is enforced: a stage never sees this object, only the read-only {@link RankingQuery}, the
 * candidates and, for a hydrator or scorer, a writer limited to its declared slots. Each {@code
 * run} method below runs one stage of a kind; {@link RankingPipeline} calls them in the order
 * {@link ForYouPipelines} gives, and tests and benchmarks call them to run one stage alone.
 */
public final class RankingContext {
  private final RankingQuery query;
  private List<Candidate> candidates;
  private List<Candidate> selected = List.of();
  private String candidateSource = "request";
  private boolean sourced;
  private String modelVersion = "";
  private final Map<String, String> dropped = new LinkedHashMap<>();
  private final String[] producers = new String[FeatureSlot.values().length];
  private Blend blend;
  private final FeatureSlab slab;

  private RankingContext(RankingQuery query, FeatureSlab slab) {
    this.query = query;
    this.slab = slab;
    List<Item> items = query.request().candidates();
    List<Candidate> all = new ArrayList<>(items.size());
    for (Item item : items) {
      all.add(candidate(item));
    }
    this.candidates = new CandidateList(all);
  }

  /** A request whose user is hydrated, its candidates those the request brought. */
  public static RankingContext of(RankingQuery query) {
    return new RankingContext(query, null);
  }

  /**
   * The same, the candidates' feature vectors taken from {@code slab}: they are valid until the
   * slab is cleared, so nothing of this context may be read after that but what was copied out.
   */
  static RankingContext of(RankingQuery query, FeatureSlab slab) {
    return new RankingContext(query, slab);
  }

  private Candidate candidate(Item item) {
    return slab == null ? new Candidate(item) : new Candidate(item, slab.next());
  }

  public UserFeatures user() {
    return query.user();
  }

  public InterestProfile interests() {
    return query.interests();
  }

  public double personalization() {
    return query.personalization();
  }

  /** Candidates still in the running (not filtered out); read-only. */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** The response's items, in order (empty before the first selector). */
  public List<Candidate> selected() {
    return selected;
  }

  /** Where candidates came from: "request", "retrieval", "fallback:...". */
  public String candidateSource() {
    return candidateSource;
  }

  /** The model version the model scorers used ("" when none scored). */
  public String modelVersion() {
    return modelVersion;
  }

  /** Candidates filters removed, id -> {@code "Stage: reason"}, in the order they were removed. */
  public Map<String, String> dropped() {
    return Collections.unmodifiableMap(dropped);
  }

  /** The blend the blender gave (null before it ran). */
  public Blend blend() {
    return blend;
  }

  /** The stage that wrote a slot in this request, or null. */
  public String producerOf(FeatureSlot slot) {
    return producers[slot.ordinal()];
  }

  /**
   * Appends what the source found that is not a candidate yet; the first source that answers names
   * the response's candidate source ("retrieval", "fallback:..."), later ones add to it.
   */
  public void run(CandidateSource source) {
    Optional<SourcedCandidates> found = source.fetch(query);
    if (found.isEmpty()) {
      return;
    }
    List<Candidate> more = new ArrayList<>(candidates.size() + found.get().items().size());
    more.addAll(candidates);
    Set<String> ids = new HashSet<>(more.size() * 2);
    for (Candidate c : candidates) {
      ids.add(c.id());
    }
    for (Item item : found.get().items()) {
      if (ids.add(item.id())) {
        more.add(candidate(item));
      }
    }
    candidates = new CandidateList(more);
    if (!sourced) {
      candidateSource = found.get().source();
      sourced = true;
    }
  }

  public void run(CandidateHydrator hydrator) {
    run(hydrator, FeatureWriter.mask(hydrator.writes()));
  }

  /** With the hydrator's declared slots as a mask (the pipeline computes it once). */
  void run(CandidateHydrator hydrator, long writes) {
    HydrationWriter out = new HydrationWriter(hydrator.name(), writes);
    hydrator.hydrate(query, candidates(), out);
    attribute(out);
  }

  /** Keeps what the filter kept; what it removed goes to {@link #dropped()} with its reason. */
  public void run(Filter filter) {
    FilterResult result = filter.filter(query, candidates());
    if (result.removed().isEmpty()) {
      return;
    }
    if (result.kept().size() + result.removed().size() != candidates.size()) {
      throw new IllegalStateException(
          filter.name() + " returned candidates it was not given, or lost some");
    }
    for (FilterResult.Removed r : result.removed()) {
      dropped.put(r.candidate().id(), filter.name() + ": " + r.reason());
    }
    candidates = new CandidateList(result.kept());
  }

  public void run(Scorer scorer) {
    run(scorer, FeatureWriter.mask(scorer.writes()));
  }

  void run(Scorer scorer, long writes) {
    FeatureWriter out = new FeatureWriter(scorer.name(), writes);
    scorer.score(query, candidates(), out);
    attribute(out);
  }

  public void run(ModelScorer scorer) {
    run(scorer, FeatureWriter.mask(scorer.writes()));
  }

  void run(ModelScorer scorer, long writes) {
    FeatureWriter out = new FeatureWriter(scorer.name(), writes);
    Optional<String> version = scorer.score(query, candidates(), out);
    version.ifPresent(v -> modelVersion = v);
    attribute(out);
  }

  /** Scores every candidate with the blender's blend. */
  public void run(Blender blender) {
    blend = blender.blend(query);
    for (Candidate c : candidates) {
      c.score(blend.score(c.vector()));
    }
  }

  /** Replaces the selection with the selector's picks, adding the reasons it gives. */
  public void run(Selector selector) {
    Selection selection = selector.select(query, candidates(), selected);
    if (selection.picks().size() > query.limit()) {
      throw new IllegalStateException(
          selector.name()
              + " picked "
              + selection.picks().size()
              + " items for a limit of "
              + query.limit());
    }
    if (!selection.reasons().isEmpty()) {
      for (Candidate c : selection.picks()) {
        String reason = selection.reasons().get(c);
        if (reason != null) {
          c.addReason(reason);
        }
      }
    }
    selected = selection.picks();
  }

  /** The first stage to write a slot in a request is its producer (the reasons name it). */
  private void attribute(FeatureWriter out) {
    long bits = out.written();
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      if (producers[i] == null) {
        producers[i] = out.stage();
      }
    }
  }
}
