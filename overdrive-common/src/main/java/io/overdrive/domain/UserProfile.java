package io.overdrive.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a user told us at signup (or later in settings). */
public record UserProfile(
    String userId, List<String> interests, String bio, List<String> follows, Instant updatedAt) {

  public UserProfile {
    Objects.requireNonNull(userId, "userId");
    interests = interests == null ? List.of() : List.copyOf(interests);
    follows = follows == null ? List.of() : List.copyOf(follows);
    bio = bio == null ? "" : bio;
  }

  public static UserProfile empty(String userId) {
    return new UserProfile(userId, List.of(), "", List.of(), null);
  }
}
