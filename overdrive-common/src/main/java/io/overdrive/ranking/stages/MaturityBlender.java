package io.overdrive.ranking.stages;

import io.overdrive.ranking.Blend;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;

/**
 * Blends the cold-start score (declared interests and global priors) with the learned score
 * (behaviour and models) by how well the system knows the user: {@code (1 - p) * cold + p *
 * learned}, with p from {@link io.overdrive.ranking.RankingSettings#personalization}. A signal that
 * no stage produced (no model loaded) gives its weight to the others. The math is {@link Blend};
 * the same blend explains each selected item's score afterwards.
 */
public final class MaturityBlender implements RankingStage {
  @Override
  public String name() {
    return "MaturityBlender";
  }

  @Override
  public void apply(RankingContext ctx) {
    Blend blend = Blend.of(ctx.settings(), ctx.personalization());
    ctx.blend(blend);
    for (Candidate c : ctx.candidates()) {
      c.score(blend.score(c.features()));
    }
  }
}
