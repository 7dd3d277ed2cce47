package io.overdrive.features;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.ItemStats;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.outcomes.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Interest learning from behaviour: turns one interaction into the {@link FeatureDelta} every store
 * applies. The only place where interaction types become weights.
 */
public final class InteractionUpdater {
  /** Item-stat field names, read back by {@link #decodeItemStats}. */
  public static final String IMPRESSIONS = "impressions";

  public static final String VIEWS = "views";
  public static final String LIKES = "likes";
  public static final String SHARES = "shares";
  public static final String COMMENTS = "comments";
  public static final String FOLLOWS = "follows";
  public static final String SKIPS = "skips";
  public static final String NOT_INTERESTED = "not_interested";
  public static final String REPORTS = "reports";
  public static final String DWELL_MS = "dwell_ms";
  public static final String COMPLETION_TOTAL = "completion_total";
  public static final String COMPLETION_COUNT = "completion_count";

  /** Forward-decayed sums at {@link EngagementFeatures#RECENT_DECAY}, for recent rates. */
  public static final String RECENT_IMPRESSIONS = "recent_impressions";

  public static final String RECENT_VIEWS = "recent_views";
  public static final String RECENT_ENGAGEMENTS = "recent_engagements";

  private final InterestTaxonomy taxonomy;
  private final LearningSettings settings;
  private final ForwardDecay decay;

  public InteractionUpdater(InterestTaxonomy taxonomy, LearningSettings settings) {
    this.taxonomy = taxonomy;
    this.settings = settings;
    this.decay = settings.decay();
  }

  public LearningSettings settings() {
    return settings;
  }

  public InterestTaxonomy taxonomy() {
    return taxonomy;
  }

  /**
   * The delta of one interaction. {@code event.hashtags()} and {@code event.authorId()} should
   * already be filled from the catalogue where the client did not send them.
   */
  public FeatureDelta delta(Interaction event) {
    Map<String, Double> user = new HashMap<>();
    Map<String, Double> item = new HashMap<>();
    InteractionType type = event.type();

    user.put(UserFeatures.COUNT_PREFIX + type.wireName(), 1.0);
    item.put(itemCounter(type), 1.0);
    if (event.dwellMs() > 0) {
      user.put(UserFeatures.DWELL_MS, (double) event.dwellMs());
      item.put(DWELL_MS, (double) event.dwellMs());
    }
    if (event.completion() != null) {
      item.put(COMPLETION_TOTAL, clamp01(event.completion()));
      item.put(COMPLETION_COUNT, 1.0);
    }
    String recent =
        switch (type) {
          case IMPRESSION -> RECENT_IMPRESSIONS;
          case VIEW -> RECENT_VIEWS;
          case LIKE, SHARE, COMMENT, FOLLOW_AUTHOR -> RECENT_ENGAGEMENTS;
          default -> null;
        };
    if (recent != null) {
      item.put(recent, EngagementFeatures.RECENT_DECAY.encode(1.0, event.timestamp()));
    }

    double strength = strength(event);
    double interestWeight = settings.interestWeights().getOrDefault(type, 0.0) * strength;
    if (interestWeight != 0) {
      // an item's interests with their groupings, each counted once per event
      Map<String, Double> shares = new HashMap<>();
      for (String interest : taxonomy.canonicalAll(event.hashtags())) {
        shares.merge(interest, 1.0, Math::max);
        for (InterestTaxonomy.Ancestor a : taxonomy.ancestors(interest)) {
          shares.merge(a.interest(), Math.pow(settings.parentShare(), a.depth()), Math::max);
        }
      }
      double encoded = decay.encode(interestWeight, event.timestamp());
      shares.forEach(
          (interest, share) ->
              user.merge(UserFeatures.INTEREST_PREFIX + interest, encoded * share, Double::sum));
    }
    double authorWeight = settings.authorWeights().getOrDefault(type, 0.0) * strength;
    if (authorWeight != 0 && event.authorId() != null && !event.authorId().isBlank()) {
      user.put(
          UserFeatures.AUTHOR_PREFIX + event.authorId(),
          decay.encode(authorWeight, event.timestamp()));
    }
    String sequenceItem = entersSequence(event) ? event.itemId() : null;
    return new FeatureDelta(
        event.eventId(),
        event.userId(),
        event.itemId(),
        user,
        item,
        sequenceItem,
        event.timestamp().toEpochMilli(),
        Outcome.of(event));
  }

  public List<FeatureDelta> deltas(List<Interaction> events) {
    return events.stream().map(this::delta).toList();
  }

  /**
   * How much of its type's weight an event carries: views scale with dwell and completion (a bounce
   * is a mild negative), every other type counts fully.
   */
  double strength(Interaction event) {
    if (event.type() != InteractionType.VIEW) {
      return 1.0;
    }
    if (event.dwellMs() > 0 && event.dwellMs() < settings.bounceDwell().toMillis()) {
      return -0.25;
    }
    double dwellPart = Math.min(1.0, event.dwellMs() / (double) settings.fullDwell().toMillis());
    if (event.completion() == null) {
      return event.dwellMs() == 0 ? 0.5 : dwellPart;
    }
    return Math.max(dwellPart, clamp01(event.completion()));
  }

  /** True when the event puts its item on the user's recent-items sequence (a positive signal). */
  public boolean entersSequence(Interaction event) {
    return switch (event.type()) {
      case LIKE, SHARE, COMMENT, FOLLOW_AUTHOR -> true;
      case VIEW -> strength(event) > 0;
      default -> false;
    };
  }

  static String itemCounter(InteractionType type) {
    return switch (type) {
      case IMPRESSION -> IMPRESSIONS;
      case VIEW -> VIEWS;
      case LIKE -> LIKES;
      case SHARE -> SHARES;
      case COMMENT -> COMMENTS;
      case FOLLOW_AUTHOR -> FOLLOWS;
      case SKIP -> SKIPS;
      case NOT_INTERESTED -> NOT_INTERESTED;
      case REPORT -> REPORTS;
    };
  }

  /** Decodes an item-stat hash as written by the deltas of this class. */
  public static ItemStats decodeItemStats(Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      return ItemStats.EMPTY;
    }
    return decodeItemStats(field -> dbl(fields, field));
  }

  /** Decodes item stats kept as numbers (the in-memory store), without a string round trip. */
  public static ItemStats decodeNumericItemStats(Map<String, Double> fields) {
    if (fields.isEmpty()) {
      return ItemStats.EMPTY;
    }
    return decodeItemStats(field -> fields.getOrDefault(field, 0.0));
  }

  private static ItemStats decodeItemStats(ToDoubleFunction<String> field) {
    return new ItemStats(
        Math.round(field.applyAsDouble(IMPRESSIONS)),
        Math.round(field.applyAsDouble(VIEWS)),
        Math.round(field.applyAsDouble(LIKES)),
        Math.round(field.applyAsDouble(SHARES)),
        Math.round(field.applyAsDouble(COMMENTS)),
        Math.round(field.applyAsDouble(FOLLOWS)),
        Math.round(field.applyAsDouble(SKIPS)),
        Math.round(field.applyAsDouble(NOT_INTERESTED)),
        Math.round(field.applyAsDouble(REPORTS)),
        Math.round(field.applyAsDouble(DWELL_MS)),
        field.applyAsDouble(COMPLETION_TOTAL),
        Math.round(field.applyAsDouble(COMPLETION_COUNT)),
        field.applyAsDouble(RECENT_IMPRESSIONS),
        field.applyAsDouble(RECENT_VIEWS),
        field.applyAsDouble(RECENT_ENGAGEMENTS));
  }

  private static double dbl(Map<String, String> f, String k) {
    return StoredNumbers.parse(f.get(k));
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
