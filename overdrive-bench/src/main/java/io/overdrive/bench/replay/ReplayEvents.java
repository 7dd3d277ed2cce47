package io.overdrive.bench.replay;

import io.overdrive.bench.replay.ReplayData.Rating;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How a rating becomes the event an app would send: every rating is an interaction (as SASRec's
 * preprocessing counts them), of one type or by its value, at the rating's own time or shifted to
 * end now.
 *
 * @param types {@code like}, {@code view} (no dwell) or {@code rating} (4 and 5 stars a like, the
 *     rest a view)
 * @param shift added to every rating's time: 0 keeps the original times, else the last rating of
 *     the data lands at the run's start
 * @param hashtags whether events carry the item's hashtags (a client that knows them sends them;
 *     otherwise the API fills them from its catalogue, when it has the item)
 */
public record ReplayEvents(String types, long shift, boolean hashtags) {
  public ReplayEvents {
    if (!List.of("like", "view", "rating").contains(types)) {
      throw new IllegalArgumentException("--events must be like, view or rating, got " + types);
    }
  }

  /**
   * @param times {@code original} (the data's, e.g. 1997-98 for MovieLens-100K) or {@code now}
   *     (shifted so the data's last rating is at {@code now}); a file without times (SASRec) is
   *     always spread one minute per line up to now
   */
  public static ReplayEvents of(
      String types, String times, boolean hashtags, ReplayData data, Instant now) {
    long last = 0;
    for (ReplayData.User u : data.users()) {
      for (Rating r : u.history()) {
        last = Math.max(last, r.time());
      }
    }
    long shift =
        switch (times.toLowerCase(Locale.ROOT)) {
          case "original" -> data.timed() ? 0 : now.getEpochSecond() - last * 60;
          case "now" -> now.getEpochSecond() - (data.timed() ? last : last * 60);
          default ->
              throw new IllegalArgumentException("--times must be original or now, got " + times);
        };
    return new ReplayEvents(types, shift, hashtags);
  }

  /** The event of one rating, as the app would POST it. */
  public Interaction event(Rating r, Item item, boolean timed) {
    InteractionType type =
        switch (types) {
          case "like" -> InteractionType.LIKE;
          case "view" -> InteractionType.VIEW;
          default -> r.value() >= 4 ? InteractionType.LIKE : InteractionType.VIEW;
        };
    long seconds = (timed ? r.time() : r.time() * 60) + shift;
    return new Interaction(
        "r" + r.order(),
        r.userId(),
        r.itemId(),
        item.authorId(),
        type,
        0,
        null,
        null,
        null,
        null,
        Instant.ofEpochSecond(seconds),
        hashtags ? item.hashtags() : List.of());
  }
}
