/**
 * Cold start: what ranks a user's feed before their behaviour can. Declared interests (signup
 * interests, bio words and hashtags) matched through the taxonomy's groupings ({@link
 * io.overdrive.coldstart.DeclaredInterestScorer}), popularity and quality priors ({@link
 * io.overdrive.coldstart.PopularityPrior}), and a small exploration share outside the declared
 * interests so the system can learn ({@link io.overdrive.coldstart.ExplorationMixer}). They run as
 * stages of the one For You pipeline; the maturity blend hands over to learned signals as
 * interactions accumulate. {@code ColdStartEvaluation} (test code; {@code
 * bench/cold-start-precision.sh}) measures the first feed of synthetic users against a
 * popularity-ordered feed.
 */
package io.overdrive.coldstart;
