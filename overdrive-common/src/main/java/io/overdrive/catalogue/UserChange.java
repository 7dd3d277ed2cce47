package io.overdrive.catalogue;

import io.overdrive.domain.UserProfile;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of a user's signup profile: stored (added or replaced) or erased. Travels on the users
 * topic to the consumer, which keeps the latest per user in the archive ({@code users-*.jsonl.gz})
 * so the trainer sees signup interests, and drops an erased user there.
 *
 * @param profile the profile, or null for an erasure
 * @param at when the API accepted the change
 */
public record UserChange(String userId, UserProfile profile, Instant at) {
  public UserChange {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    if (profile != null && !profile.userId().equals(userId)) {
      throw new IllegalArgumentException("profile of " + profile.userId() + " under " + userId);
    }
  }

  /** A stored profile; its {@code updated_at} is the change's time. */
  public static UserChange profile(UserProfile profile) {
    return new UserChange(
        profile.userId(),
        profile,
        Objects.requireNonNull(profile.updatedAt(), "a stored profile has its updated_at"));
  }

  public static UserChange erasure(String userId, Instant at) {
    return new UserChange(userId, null, at);
  }

  public boolean isErasure() {
    return profile == null;
  }
}
