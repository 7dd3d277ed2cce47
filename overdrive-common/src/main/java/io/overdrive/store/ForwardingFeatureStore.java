package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.UserFeatures;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.ServedRanking;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that hands every call to another: decorators override only what they change. */
public abstract class ForwardingFeatureStore implements FeatureStore {
  protected final FeatureStore delegate;

  protected ForwardingFeatureStore(FeatureStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public UserFeatures user(String userId, Instant now) {
    return delegate.user(userId, now);
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    return delegate.items(itemIds);
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    return delegate.profile(userId);
  }

  @Override
  public void putProfile(UserProfile profile) {
    delegate.putProfile(profile);
  }

  @Override
  public void putItems(Collection<Item> items) {
    delegate.putItems(items);
  }

  @Override
  public void takeDownItems(Collection<String> itemIds, Instant at) {
    delegate.takeDownItems(itemIds, at);
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    return delegate.apply(deltas);
  }

  @Override
  public void appendInterestSnapshot(String userId, InterestSnapshot snapshot, int keep) {
    delegate.appendInterestSnapshot(userId, snapshot, keep);
  }

  @Override
  public List<InterestSnapshot> interestHistory(String userId) {
    return delegate.interestHistory(userId);
  }

  @Override
  public ApplyResult applyRankings(List<ServedRanking> rankings) {
    return delegate.applyRankings(rankings);
  }

  @Override
  public OutcomeTotals outcomes() {
    return delegate.outcomes();
  }

  @Override
  public boolean eraseUser(String userId) {
    return delegate.eraseUser(userId);
  }

  @Override
  public Erasures erasures() {
    return delegate.erasures();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public boolean ping() {
    return delegate.ping();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
