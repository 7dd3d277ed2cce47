package io.overdrive.ranking;

import io.overdrive.features.FeatureSlot;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one ranking request as the stages see it. */
public final class RankingContext {
  private final RankRequest request;
  private final Instant now;
  private final RankingSettings settings;
  private final String variant;
  private UserFeatures user;
  private InterestProfile interests = InterestProfile.EMPTY;
  private double personalization;
  private String candidateSource = "request";
  private String modelVersion = "";
  private List<Candidate> candidates = new ArrayList<>();
  private List<Candidate> selected = List.of();
  private final Map<String, String> dropped = new LinkedHashMap<>();
  private final String[] slotProducers = new String[FeatureSlot.values().length];
  private Map<String, String> extraProducers;
  private Blend blend;

  public RankingContext(
      RankRequest request, Instant now, RankingSettings settings, String variant) {
    this.request = request;
    this.now = now;
    this.settings = settings;
    this.variant = variant;
    for (var item : request.candidates()) {
      candidates.add(new Candidate(item));
    }
  }

  public RankRequest request() {
    return request;
  }

  public Instant now() {
    return now;
  }

  public RankingSettings settings() {
    return settings;
  }

  public String variant() {
    return variant;
  }

  public UserFeatures user() {
    return user;
  }

  public void user(UserFeatures user) {
    this.user = user;
  }

  public InterestProfile interests() {
    return interests;
  }

  public void interests(InterestProfile interests) {
    this.interests = interests;
  }

  public double personalization() {
    return personalization;
  }

  public void personalization(double personalization) {
    this.personalization = personalization;
  }

  public String candidateSource() {
    return candidateSource;
  }

  public void candidateSource(String candidateSource) {
    this.candidateSource = candidateSource;
  }

  public String modelVersion() {
    return modelVersion;
  }

  public void modelVersion(String modelVersion) {
    this.modelVersion = modelVersion;
  }

  /** Candidates still in the running (not dropped). */
  public List<Candidate> candidates() {
    return candidates;
  }

  public void addCandidates(List<Candidate> more) {
    candidates.addAll(more);
  }

  /**
   * Removes dropped candidates from the running, remembering why ({@code "Stage: reason"}).
   * Allocates nothing when no candidate was dropped.
   */
  public void sweepDropped(String stage) {
    int first = -1;
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).dropped()) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return;
    }
    List<Candidate> kept = new ArrayList<>(candidates.size());
    kept.addAll(candidates.subList(0, first));
    for (int i = first; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (c.dropped()) {
        dropped.put(c.id(), stage == null ? c.dropReason() : stage + ": " + c.dropReason());
      } else {
        kept.add(c);
      }
    }
    candidates = kept;
  }

  /** Removes dropped candidates from the running, remembering why. */
  public void sweepDropped() {
    sweepDropped(null);
  }

  public Map<String, String> dropped() {
    return dropped;
  }

  public List<Candidate> selected() {
    return selected;
  }

  public void selected(List<Candidate> selected) {
    this.selected = List.copyOf(selected);
  }

  /** The stage that first wrote a slot in this request, or null. */
  public String producerOf(FeatureSlot slot) {
    return slotProducers[slot.ordinal()];
  }

  /** The stage that first wrote a signal (slot or extra) in this request, or null. */
  public String producerOf(String signal) {
    FeatureSlot slot = FeatureSlot.byName(signal);
    if (slot != null) {
      return producerOf(slot);
    }
    return extraProducers == null ? null : extraProducers.get(signal);
  }

  /**
   * Attributes the slots and extra signals that appeared during a stage to it; the pipeline calls
   * this after every stage, so stages (including other teams' scorers) need not say what they
   * wrote.
   */
  void attribute(String stage) {
    long mask = 0;
    boolean extras = false;
    for (Candidate c : candidates) {
      mask |= c.features().presentMask();
      extras |= !c.extraSignals().isEmpty();
    }
    for (int i = 0; i < slotProducers.length; i++) {
      if (slotProducers[i] == null && (mask & (1L << i)) != 0) {
        slotProducers[i] = stage;
      }
    }
    if (extras) {
      if (extraProducers == null) {
        extraProducers = new LinkedHashMap<>();
      }
      for (Candidate c : candidates) {
        for (String name : c.extraSignals().keySet()) {
          extraProducers.putIfAbsent(name, stage);
        }
      }
    }
  }

  /** The blend the maturity blender applied (null before it runs). */
  public Blend blend() {
    return blend;
  }

  public void blend(Blend blend) {
    this.blend = blend;
  }
}
