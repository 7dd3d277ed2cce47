package io.overdrive.ranking.scorer;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.features.ContentQuality;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.Freshness;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Engagement, quality and freshness priors of each candidate: what every user tends to like,
 * independent of this user. Rates are Beta-smoothed (one like of one view is not 100%) and the
 * blended engagement signal uses the recent, decayed rate. The quality filter reads its quality, so
 * the pipeline runs it first.
 */
public final class EngagementScorer implements Scorer {
  private static final Set<FeatureSlot> WRITES =
      Set.of(
          FeatureSlot.ENGAGEMENT,
          FeatureSlot.ENGAGEMENT_RATE,
          FeatureSlot.RECENT_ENGAGEMENT_RATE,
          FeatureSlot.LIKE_RATE,
          FeatureSlot.SHARE_RATE,
          FeatureSlot.NEGATIVE_RATE,
          FeatureSlot.REPORT_RATE,
          FeatureSlot.COMPLETION_RATE,
          FeatureSlot.LOG_MEAN_DWELL,
          FeatureSlot.LOG_IMPRESSIONS,
          FeatureSlot.QUALITY,
          FeatureSlot.FRESHNESS,
          FeatureSlot.LOG_AGE_HOURS,
          FeatureSlot.POPULARITY);

  @Override
  public String name() {
    return "EngagementScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
    // what is the same for every candidate, computed once per ranking: a power per candidate for
    // the recent decay (twice) was ~5% of an ids ranking's CPU; the values are bit for bit those of
    // EngagementFeatures.of(item, stats, now) and Freshness.of(createdAt, now, halfLife)
    Instant now = query.now();
    long nowMillis = now.toEpochMilli();
    long halfLifeMillis = query.settings().freshnessHalfLife().toMillis();
    double recentFactor = EngagementFeatures.RECENT_DECAY.factorAt(now);
    double maxAudience = 0;
    for (Candidate c : candidates) {
      maxAudience = Math.max(maxAudience, audience(c.stats()));
    }
    double logMax = Math.log1p(maxAudience);
    for (Candidate c : candidates) {
      Item item = c.item();
      ItemStats stats = c.stats();
      EngagementFeatures e = EngagementFeatures.ofDecayed(item, stats, recentFactor);
      out.set(c, FeatureSlot.ENGAGEMENT, EngagementFeatures.normalized(e.recentEngagementRate()));
      out.set(c, FeatureSlot.ENGAGEMENT_RATE, e.engagementRate());
      out.set(c, FeatureSlot.RECENT_ENGAGEMENT_RATE, e.recentEngagementRate());
      out.set(c, FeatureSlot.LIKE_RATE, e.likeRate());
      out.set(c, FeatureSlot.SHARE_RATE, e.shareRate());
      out.set(c, FeatureSlot.NEGATIVE_RATE, e.negativeRate());
      out.set(c, FeatureSlot.REPORT_RATE, e.reportRate());
      out.set(c, FeatureSlot.COMPLETION_RATE, e.completionRate());
      out.set(c, FeatureSlot.LOG_MEAN_DWELL, Math.log1p(e.meanDwellMs() / 1000));
      out.set(c, FeatureSlot.LOG_IMPRESSIONS, Math.log1p(stats.impressions()));
      out.set(c, FeatureSlot.QUALITY, ContentQuality.of(item, stats, e));
      Instant created = item.createdAt();
      long createdMillis = created == null ? 0 : created.toEpochMilli();
      out.set(
          c,
          FeatureSlot.FRESHNESS,
          created == null
              ? Freshness.UNKNOWN
              : Freshness.of(createdMillis, nowMillis, halfLifeMillis));
      out.set(
          c,
          FeatureSlot.LOG_AGE_HOURS,
          Math.log1p(created == null ? 0 : Freshness.ageHours(createdMillis, nowMillis)));
      if (logMax > 0) {
        // when nobody chose any candidate the signal tells them nothing apart: left unset, its
        // weight goes to the signals that do (as an unloaded model's does)
        out.set(c, FeatureSlot.POPULARITY, Math.log1p(audience(stats)) / logMax);
      }
    }
  }

  /**
   * How many times people chose the item: views and positive engagements. Not a rate: a post many
   * chose is a safer bet than one few saw, whatever share of them liked it (the engagement rate's
   * part), and apps that send only views or only likes still have it.
   */
  static double audience(ItemStats s) {
    return s.views() + s.positiveEngagements();
  }
}
