package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A slab's vectors behave as vectors of their own, and read as new after the slab is cleared. */
class FeatureSlabTest {

  @Test
  void vectorsOfOneSlabDoNotShareSlots() {
    FeatureSlab slab = new FeatureSlab(3);
    FeatureVector a = slab.next();
    FeatureVector b = slab.next();
    a.set(FeatureSlot.QUALITY, 0.7);
    a.set(FeatureSlot.POPULARITY, 0.2); // the last slot: next to b's first
    b.set(FeatureSlot.DECLARED_INTEREST, 1.0, "gaming");
    assertThat(a.asMap()).containsOnlyKeys("quality", "popularity");
    assertThat(a.get(FeatureSlot.DECLARED_INTEREST)).isZero();
    assertThat(a.detail(FeatureSlot.DECLARED_INTEREST)).isNull();
    assertThat(b.asMap()).isEqualTo(Map.of("declared_interest", 1.0));
    assertThat(b.detail(FeatureSlot.DECLARED_INTEREST)).isEqualTo("gaming");
    assertThat(b.get(FeatureSlot.POPULARITY)).isZero();
    float[] row = a.toFloatArray();
    assertThat(row[FeatureSlot.QUALITY.ordinal()]).isEqualTo(0.7f);
    assertThat(row[FeatureSlot.DECLARED_INTEREST.ordinal()]).isZero();
    assertThat(slab.used()).isEqualTo(2);
  }

  @Test
  void afterAClearItsVectorsReadAsNewAndWhatWasCopiedOutStays() {
    FeatureSlab slab = new FeatureSlab(2);
    FeatureVector v = slab.next();
    v.set(FeatureSlot.QUALITY, 0.7);
    v.set(FeatureSlot.AUTHOR_AFFINITY, 0.3, "a7");
    Map<String, Double> snapshot = v.snapshot();
    FeatureVector copy = v.copy();

    slab.clear();
    assertThat(slab.used()).isZero();
    FeatureVector again = slab.next();
    assertThat(again).isSameAs(v); // reused, and empty
    assertThat(again.presentMask()).isZero();
    assertThat(again.get(FeatureSlot.QUALITY)).isZero();
    assertThat(again.detail(FeatureSlot.AUTHOR_AFFINITY)).isNull();
    again.set(FeatureSlot.QUALITY, 0.1);

    assertThat(snapshot).isEqualTo(Map.of("quality", 0.7, "author_affinity", 0.3));
    assertThat(copy.get(FeatureSlot.QUALITY)).isEqualTo(0.7);
    assertThat(copy.detail(FeatureSlot.AUTHOR_AFFINITY)).isEqualTo("a7");
  }

  @Test
  void beyondItsCapacityVectorsAreTheirOwn() {
    FeatureSlab slab = new FeatureSlab(1);
    FeatureVector inSlab = slab.next();
    FeatureVector own = slab.next();
    inSlab.set(FeatureSlot.QUALITY, 0.5);
    own.set(FeatureSlot.QUALITY, 0.9, "x");
    assertThat(inSlab.get(FeatureSlot.QUALITY)).isEqualTo(0.5);
    assertThat(own.get(FeatureSlot.QUALITY)).isEqualTo(0.9);
    slab.clear();
    assertThat(own.get(FeatureSlot.QUALITY)).isEqualTo(0.9); // not the slab's to clear
    assertThatThrownBy(() -> new FeatureSlab(0)).hasMessageContaining("capacity");
  }
}
