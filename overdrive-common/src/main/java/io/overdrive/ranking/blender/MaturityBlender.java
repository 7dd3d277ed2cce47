package io.overdrive.ranking.blender;

import io.overdrive.ranking.RankingQuery;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Blends the cold-start score (declared interests and global priors) with the learned score
 * (behaviour and models) by how well the system knows the user: {@code (1 - p) * cold + p *
 * learned}, with p from {@link io.overdrive.ranking.RankingSettings#personalization}. A signal that
 * no stage produced (no model loaded) gives its weight to the others. The math is {@link Blend};
 * the same blend explains each selected item's score afterwards.
 *
 * <p>When the model version in use carries a {@link TrainedBlend} and the variant's {@code
 * trained_blend} setting is on, users with enough interactions are ranked with it instead; new
 * users keep the hand-set blend, whose cold start is measured (docs/ranking.md).
 */
public final class MaturityBlender implements Blender {
  private final Supplier<Optional<TrainedBlend>> trained;

  /** The hand-set blend only. */
  public MaturityBlender() {
    this(Optional::empty);
  }

  /**
   * @param trained the trained blend of the model version in use, read once per request
   */
  public MaturityBlender(Supplier<Optional<TrainedBlend>> trained) {
    this.trained = trained;
  }

  @Override
  public String name() {
    return "MaturityBlender";
  }

  @Override
  public Blend blend(RankingQuery query) {
    if (query.settings().trainedBlend() && query.user() != null) {
      Optional<TrainedBlend> t = trained.get();
      if (t.isPresent() && t.get().appliesTo(query.user().meaningfulInteractions())) {
        return Blend.trained(t.get(), query.personalization());
      }
    }
    return Blend.of(query.settings(), query.personalization());
  }
}
