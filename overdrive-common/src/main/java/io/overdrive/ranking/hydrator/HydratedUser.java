package io.overdrive.ranking.hydrator;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;

/**
 * What the query hydrator found out about the user: their features, interest profile and place on
 * the maturity curve (0 = cold-start rules only, 1 = learned signals only).
 */
public record HydratedUser(
    UserFeatures features, InterestProfile interests, double personalization) {}
