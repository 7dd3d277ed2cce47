package io.overdrive.ranking;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.hydrator.HydratedUser;
import java.time.Instant;
import java.util.Objects;

/**
 * What every stage after the query hydrator reads about the request: the request itself, the time
 * and settings it is ranked with, and the hydrated user. Immutable: no stage can change what the
 * others see of the request.
 *
 * @param user the user's features as the store had them at {@code now}
 * @param interests the user's interest profile (declared and learned)
 * @param personalization the user's place on the maturity curve: 0 = cold-start rules only, 1 =
 *     learned signals only
 */
public record RankingQuery(
    RankRequest request,
    Instant now,
    RankingSettings settings,
    UserFeatures user,
    InterestProfile interests,
    double personalization) {

  public RankingQuery {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(settings, "settings");
    interests = interests == null ? InterestProfile.EMPTY : interests;
  }

  public static RankingQuery of(
      RankRequest request, Instant now, RankingSettings settings, HydratedUser user) {
    return new RankingQuery(
        request, now, settings, user.features(), user.interests(), user.personalization());
  }

  public String userId() {
    return request.userId();
  }

  public int limit() {
    return request.limit();
  }
}
