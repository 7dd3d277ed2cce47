package io.overdrive.synthetic;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.synthetic.SyntheticWorld.Config;
import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A user's sessions under the preference model: impressions, views with dwell and completion,
 * likes, shares, comments, follows, skips, not-interested and the odd report, in time order. Every
 * user's events come from their own random stream (seed and user index), so the same seed gives the
 * same events, and one user's events can be drawn without drawing everyone's.
 */
final class InteractionSimulator {
  private final Config config;
  private final List<SyntheticUser> users;
  private final PreferenceModel preferences;

  InteractionSimulator(Config config, List<SyntheticUser> users, PreferenceModel preferences) {
    this.config = config;
    this.users = users;
    this.preferences = preferences;
  }

  /** Exactly {@code eventsPerUser} events: the session ends mid-item when the budget runs out. */
  void interactionsOf(SyntheticUser u, Consumer<Interaction> out) {
    int budget = config.eventsPerUser();
    int[] emitted = {0};
    Consumer<Interaction> sink =
        e -> {
          if (emitted[0] < budget) {
            emitted[0]++;
            out.accept(e);
          }
        };
    int index = u.index() >= 0 ? u.index() : users.indexOf(u);
    SplittableRandom rnd = new SplittableRandom(mix(config.seed(), index));
    Instant t = config.start().plus(Duration.ofSeconds(rnd.nextInt(3600)));
    String uid = u.id();
    String prefix = "e" + uid + "-";
    Set<String> followed = new HashSet<>(u.profile().follows());
    SyntheticItem previous = null;
    int produced = 0;
    int eventNo = 0;
    int position = 0;
    while (produced < config.eventsPerUser()) {
      SyntheticItem item = preferences.nextItem(u, previous, rnd);
      String author = item.item().authorId();
      long gap = 5 + rnd.nextInt(120);
      if (rnd.nextDouble() < 0.02) {
        gap += 3600 + rnd.nextInt(24 * 3600); // a new session
        position = 0;
      }
      t = t.plusSeconds(gap);
      sink.accept(
          event(prefix + eventNo++, u, item, InteractionType.IMPRESSION, 0, null, position, t));
      produced++;
      double p = preferences.engageProbability(u, item);
      if (rnd.nextDouble() < p) {
        long dwell = 4000 + rnd.nextInt(40_000);
        Double completion =
            item.item().mediaTypes().contains("video")
                ? SyntheticWorld.round(Math.min(1, 0.3 + 0.7 * rnd.nextDouble() * (0.5 + p)))
                : null;
        t = t.plusMillis(dwell);
        sink.accept(
            event(
                prefix + eventNo++, u, item, InteractionType.VIEW, dwell, completion, position, t));
        produced++;
        if (rnd.nextDouble() < 0.45) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.LIKE, 0, null, position, t));
          produced++;
        }
        if (rnd.nextDouble() < 0.08) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.SHARE, 0, null, position, t));
          produced++;
        }
        if (rnd.nextDouble() < 0.05) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.COMMENT, 0, null, position, t));
          produced++;
        }
        if (author != null && !followed.contains(author) && rnd.nextDouble() < 0.02) {
          followed.add(author);
          sink.accept(
              event(
                  prefix + eventNo++,
                  u,
                  item,
                  InteractionType.FOLLOW_AUTHOR,
                  0,
                  null,
                  position,
                  t));
          produced++;
        }
        previous = item;
      } else {
        // people scroll past what they like but are not in the mood for; they reject (and
        // report) what they do not like, and report spam
        boolean likesTopic = u.trueInterests().containsKey(item.topic());
        double r = rnd.nextDouble();
        double reportRate = item.item().qualityScore() < 0.2 ? 0.1 : likesTopic ? 0.0 : 0.01;
        double notInterestedRate = likesTopic ? 0.01 : 0.15;
        InteractionType neg =
            r < reportRate
                ? InteractionType.REPORT
                : r < reportRate + notInterestedRate
                    ? InteractionType.NOT_INTERESTED
                    : InteractionType.SKIP;
        sink.accept(event(prefix + eventNo++, u, item, neg, 0, null, position, t));
        produced++;
        previous = null;
      }
      position++;
    }
  }

  private static Interaction event(
      String id,
      SyntheticUser user,
      SyntheticItem item,
      InteractionType type,
      long dwell,
      Double completion,
      int position,
      Instant t) {
    return new Interaction(
        id,
        user.id(),
        item.item().id(),
        item.item().authorId(),
        type,
        dwell,
        completion,
        position,
        "for_you",
        null,
        t,
        item.item().hashtags());
  }

  /** SplitMix64 finaliser of seed and user index: independent streams per user. */
  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
