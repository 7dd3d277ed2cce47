package io.overdrive.ranking;

/**
 * A stage that adds candidates (retrieval) when a request brings none. Runs after the user is
 * hydrated, before the catalogue hydrator.
 */
public interface CandidateSource extends RankingStage {}
