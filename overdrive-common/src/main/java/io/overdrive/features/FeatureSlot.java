package io.overdrive.features;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The named slots of a {@link FeatureVector}: the ranking features of one (user, item) pair. The
 * order is the layout (slot i is element i of {@link FeatureVector#toFloatArray()}); slots are only
 * ever appended, and {@link FeatureVector#LAYOUT_VERSION} changes when they are.
 *
 * <p>The first nine are the blended signals (each written by one scorer stage and weighted by the
 * maturity blend); the rest describe the item and the user for learned rankers and /insights and
 * carry no weight unless a setting gives them one. Ranges are noted per slot.
 */
public enum FeatureSlot {
  /** Strongest declared (signup, bio) weight over the item's interests, [0, 1]. */
  DECLARED_INTEREST("declared_interest"),
  /** Strongest learned weight over the item's interests plus the strongest aversion, [-1, 1]. */
  LEARNED_INTEREST("learned_interest"),
  /** 1 when the user follows the author (or learned to, by a strong affinity), else 0. */
  FOLLOWED_AUTHOR("followed_author"),
  /** tanh of the learned, decayed author affinity, [-1, 1]. */
  AUTHOR_AFFINITY("author_affinity"),
  /** Recent smoothed engagement rate r mapped to r / (r + prior), [0, 1). */
  ENGAGEMENT("engagement"),
  /** Content quality, [0, 1]. */
  QUALITY("quality"),
  /** 2^(-age / half-life), [0, 1]; 0.5 when the creation time is unknown. */
  FRESHNESS("freshness"),
  /** Two-tower model score (cosine of user and item embeddings), [-1, 1]. */
  TWO_TOWER("two_tower"),
  /** Sequence (next-item) model score, [0, 1]. */
  SEQUENCE("sequence"),
  /** Smoothed all-time engagement rate (positive engagements per impression), [0, 1]. */
  ENGAGEMENT_RATE("engagement_rate"),
  /** Smoothed engagement rate of the last days (forward-decayed counts), [0, 1]. */
  RECENT_ENGAGEMENT_RATE("recent_engagement_rate"),
  /** Smoothed likes per impression, [0, 1]. */
  LIKE_RATE("like_rate"),
  /** Smoothed shares per impression, [0, 1]. */
  SHARE_RATE("share_rate"),
  /** Smoothed skips, not-interested and reports per impression, [0, 1]. */
  NEGATIVE_RATE("negative_rate"),
  /** Smoothed reports per impression, [0, 1]. */
  REPORT_RATE("report_rate"),
  /** Smoothed mean completion of views, [0, 1]. */
  COMPLETION_RATE("completion_rate"),
  /** ln(1 + smoothed mean dwell in seconds). */
  LOG_MEAN_DWELL("log_mean_dwell"),
  /** ln(1 + impressions seen by Overdrive). */
  LOG_IMPRESSIONS("log_impressions"),
  /** ln(1 + age in hours); 0 when unknown. */
  LOG_AGE_HOURS("log_age_hours"),
  /** ln(1 + text length in characters). */
  LOG_TEXT_LENGTH("log_text_length"),
  /** Number of distinct interests of the item (hashtags, tags in text, their groupings). */
  INTEREST_COUNT("interest_count"),
  /** 1 when the item has an image. */
  HAS_IMAGE("has_image"),
  /** 1 when the item has a video. */
  HAS_VIDEO("has_video"),
  /** Number of media attachments' types. */
  MEDIA_COUNT("media_count"),
  /** Most negative learned weight over the item's interests, [-1, 0]. */
  INTEREST_AVERSION("interest_aversion"),
  /** Share of learned signals in the blend for this user (the maturity curve), [0, 1]. */
  USER_PERSONALIZATION("user_personalization"),
  /** ln(1 + the user's meaningful interactions). */
  LOG_USER_INTERACTIONS("log_user_interactions"),
  /**
   * How many people chose the item (views and engagements), as {@code ln(1 + a) / ln(1 + a_max)}
   * against the most chosen candidate of the request, [0, 1].
   */
  POPULARITY("popularity");

  private static final FeatureSlot[] VALUES = values();
  private static final Map<String, FeatureSlot> BY_NAME =
      Arrays.stream(VALUES).collect(Collectors.toMap(FeatureSlot::slotName, Function.identity()));
  private static final List<String> NAMES =
      Arrays.stream(VALUES).map(FeatureSlot::slotName).toList();

  private final String slotName;

  FeatureSlot(String slotName) {
    this.slotName = slotName;
  }

  /** The snake_case name used in settings, reasons, JSON and model manifests. */
  public String slotName() {
    return slotName;
  }

  /** The slot of a name, or null. */
  public static FeatureSlot byName(String name) {
    return BY_NAME.get(name);
  }

  /** The slot at a layout index. */
  public static FeatureSlot at(int index) {
    return VALUES[index];
  }

  /** Slot names in layout order. */
  public static List<String> names() {
    return NAMES;
  }
}
