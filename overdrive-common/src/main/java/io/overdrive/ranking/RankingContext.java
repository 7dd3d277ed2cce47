package io.overdrive.ranking;

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
  private InterestProfile interests;
  private double personalization;
  private String candidateSource = "request";
  private String modelVersion = "";
  private List<Candidate> candidates = new ArrayList<>();
  private List<Candidate> selected = List.of();
  private final Map<String, String> dropped = new LinkedHashMap<>();

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

  /** Removes dropped candidates from the running, remembering why. */
  public void sweepDropped() {
    List<Candidate> kept = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      if (c.dropped()) {
        dropped.put(c.id(), c.dropReason());
      } else {
        kept.add(c);
      }
    }
    candidates = kept;
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
}
