package io.overdrive.features;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;

/**
 * Content quality in [0, 1]: the caller's (or a moderation model's) score where given, otherwise a
 * prior from the post's form (text, media, hashtag spam), and in both cases pulled down by what
 * users report and reject.
 */
public final class ContentQuality {
  private ContentQuality() {}

  public static double of(Item item, ItemStats stats, EngagementFeatures engagement) {
    double base = item.qualityScore() != null ? clamp01(item.qualityScore()) : formPrior(item);
    // a report rate of 2% above the background rate already makes a post unfit for a For You
    // feed; the prior alone (no reports seen) costs nothing
    double excessReports =
        Math.max(0, engagement.reportRate() - EngagementFeatures.PRIOR_REPORT_RATE);
    double reportPenalty = Math.min(1.0, excessReports / 0.02);
    double rejectPenalty = Math.max(0, engagement.negativeRate() - 0.3);
    return clamp01(base * (1 - 0.8 * reportPenalty) - rejectPenalty);
  }

  /** Quality guessed from the post's form when nobody scored it. */
  public static double formPrior(Item item) {
    double q = 0.5;
    TextFeatures text = TextFeatures.of(item.text());
    if (!item.mediaTypes().isEmpty()) {
      q += 0.15;
    }
    if (text.words() >= 5) {
      q += 0.1;
    }
    int tags = item.hashtags().size() + text.hashtags().size();
    if (tags > 10) {
      q -= 0.25; // hashtag stuffing
    }
    if (text.length() > 0 && text.length() < 4 && item.mediaTypes().isEmpty()) {
      q -= 0.2;
    }
    return clamp01(q);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
