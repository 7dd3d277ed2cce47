/**
 * Cold start's measurement: {@link io.overdrive.coldstart.ColdStartEvaluation} ranks the first feed
 * of synthetic users with the standard pipeline and compares it with a popularity-ordered feed. The
 * cold-start stages themselves are pipeline stages of their kind: {@link
 * io.overdrive.ranking.scorer.DeclaredInterestScorer} (declared interests through the taxonomy's
 * groupings), {@link io.overdrive.ranking.selector.ExplorationMixer} and its {@link
 * io.overdrive.ranking.selector.PopularityPrior} (a small share outside the declared interests, so
 * the system can learn); the maturity blend hands over to learned signals as interactions
 * accumulate.
 */
package io.overdrive.coldstart;
