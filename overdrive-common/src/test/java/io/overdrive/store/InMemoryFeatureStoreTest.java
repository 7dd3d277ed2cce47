package io.overdrive.store;

class InMemoryFeatureStoreTest extends FeatureStoreContract {
  @Override
  protected FeatureStore createEmptyStore() {
    return new InMemoryFeatureStore(
        LEARNING.decay(), LEARNING.sequenceLength(), LEARNING.sessionTimeout().toMillis());
  }
}
