package io.overdrive.training.data;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;

/**
 * Receives a public ratings data set as its loader reads it, record by record: the trainer builds
 * {@link InteractionData} from it, and the replay benchmarks turn the same records into the events
 * they send to the API, so both see one parse of the files.
 */
public interface RatingsSink {
  /**
   * One rating.
   *
   * @param rating the rating's value, NaN when the format has none (SASRec's file)
   * @param time the rating's time in epoch seconds, or the line number where the format has no
   *     times (the line order is the time order)
   */
  void rating(String userId, String itemId, double rating, long time);

  /** What is known about an item (title as text, genres and tags as hashtags). */
  default void item(Item item) {}

  /** What is known about a user (MovieLens: the occupation as the bio). */
  default void profile(UserProfile profile) {}

  /** A sink that builds the trainer's interactions: every rating is an interaction. */
  static RatingsSink into(InteractionData.Builder b) {
    return new RatingsSink() {
      @Override
      public void rating(String userId, String itemId, double rating, long time) {
        b.interaction(userId, itemId, time);
      }

      @Override
      public void item(Item item) {
        b.itemInfo(item);
      }

      @Override
      public void profile(UserProfile profile) {
        b.profile(profile);
      }
    };
  }
}
