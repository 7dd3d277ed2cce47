package io.overdrive.ranking.scorer;

import io.overdrive.features.FeatureSlot;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.ScoreScale;
import io.overdrive.model.SequenceModel;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.Signals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scores candidates with the sequence model: "how likely is this the next item after the user's
 * recent ones", as {@link Signals#SEQUENCE} on a (-1, 1) scale ({@link ScoreScale}). Users without
 * recent items the model knows, and items it was not trained on, get no signal (the blender gives
 * the weight to the other signals).
 */
public final class SequenceScorer implements ModelScorer {
  private static final Set<FeatureSlot> WRITES = Set.of(FeatureSlot.SEQUENCE);

  private final ModelRegistry registry;

  public SequenceScorer(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "SequenceScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public Optional<String> score(RankingQuery q, List<Candidate> candidates, FeatureWriter out) {
    LoadedModel model = registry.current().orElse(null);
    if (model == null || model.sequence().isEmpty() || q.user() == null) {
      return Optional.empty();
    }
    SequenceModel sequence = model.sequence().get();
    int[] history = history(model, q.user().recentItems(), sequence.settings().maxLength());
    float[] state = sequence.encode(history);
    if (state == null) {
      return Optional.empty();
    }
    ScoreScale.Query scale = model.sequenceScale().forQuery(state);
    for (Candidate c : candidates) {
      int item = model.itemIndex(c.id());
      if (item >= 0) {
        out.set(c, FeatureSlot.SEQUENCE, scale.signal(sequence.score(state, item)), null);
      }
    }
    return Optional.of(model.version());
  }

  /**
   * The model's input: the recent items it knows, oldest first, each once (its latest occurrence),
   * at most {@code maxLength}.
   */
  static int[] history(LoadedModel model, List<String> recentFirst, int maxLength) {
    List<Integer> newestFirst = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : recentFirst) {
      if (newestFirst.size() == maxLength) {
        break;
      }
      int i = model.itemIndex(id);
      if (i >= 0 && seen.add(id)) {
        newestFirst.add(i);
      }
    }
    int[] out = new int[newestFirst.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = newestFirst.get(out.length - 1 - k);
    }
    return out;
  }
}
