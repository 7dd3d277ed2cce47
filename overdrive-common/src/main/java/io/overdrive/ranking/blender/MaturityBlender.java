package io.overdrive.ranking.blender;

import io.overdrive.ranking.RankingQuery;

/**
 * Blends the cold-start score (declared interests and global priors) with the learned score
 * (behaviour and models) by how well the system knows the user: {@code (1 - p) * cold + p *
 * learned}, with p from {@link io.overdrive.ranking.RankingSettings#personalization}. A signal that
 * no stage produced (no model loaded) gives its weight to the others. The math is {@link Blend};
 * the same blend explains each selected item's score afterwards.
 */
public final class MaturityBlender implements Blender {
  @Override
  public String name() {
    return "MaturityBlender";
  }

  @Override
  public Blend blend(RankingQuery query) {
    return Blend.of(query.settings(), query.personalization());
  }
}
