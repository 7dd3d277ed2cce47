package io.overdrive.ranking;

/**
 * A stage that scores candidates with a learned model (two-tower, sequence). Runs after the rule
 * scorers, before the maturity blender; a scorer without a loaded model adds no signal, and the
 * blender gives its weight to the others.
 */
public interface LearnedScorer extends RankingStage {}
