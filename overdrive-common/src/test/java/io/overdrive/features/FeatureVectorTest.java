package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.ranking.Signals;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

  @Test
  void layoutNamesAreUniqueAndTheBlendedSignalsComeFirst() {
    List<String> names = FeatureSlot.names();
    assertThat(new HashSet<>(names)).hasSize(names.size());
    assertThat(names.size()).isEqualTo(FeatureVector.SIZE).isLessThanOrEqualTo(64);
    // a learned ranker trained on layout 1 reads slots by index: they must not move
    assertThat(names.subList(0, 9))
        .containsExactly(
            Signals.DECLARED_INTEREST,
            Signals.LEARNED_INTEREST,
            Signals.FOLLOWED_AUTHOR,
            Signals.AUTHOR_AFFINITY,
            Signals.ENGAGEMENT,
            Signals.QUALITY,
            Signals.FRESHNESS,
            Signals.TWO_TOWER,
            Signals.SEQUENCE);
    assertThat(FeatureSlot.byName("quality")).isEqualTo(FeatureSlot.QUALITY);
    assertThat(FeatureSlot.byName("nope")).isNull();
  }

  @Test
  void absentSlotsReadZeroAndStayOutOfTheMap() {
    FeatureVector v = new FeatureVector();
    v.set(FeatureSlot.QUALITY, 0.7);
    v.set(FeatureSlot.DECLARED_INTEREST, 1.0, "gaming");
    assertThat(v.has(FeatureSlot.TWO_TOWER)).isFalse();
    assertThat(v.get(FeatureSlot.TWO_TOWER)).isZero();
    assertThat(v.asMap()).containsOnlyKeys("declared_interest", "quality");
    assertThat(v.detail(FeatureSlot.DECLARED_INTEREST)).isEqualTo("gaming");
    float[] row = v.toFloatArray();
    assertThat(row).hasSize(FeatureVector.SIZE);
    assertThat(row[FeatureSlot.QUALITY.ordinal()]).isEqualTo(0.7f);
    FeatureVector copy = v.copy();
    v.set(FeatureSlot.QUALITY, 0.1);
    assertThat(copy.get(FeatureSlot.QUALITY)).isEqualTo(0.7);
  }

  @Test
  void mediaTypesAreFolded() {
    MediaFeatures m = MediaFeatures.of(List.of("Photo", "reel", "podcast"));
    assertThat(m.image()).isTrue();
    assertThat(m.video()).isTrue();
    assertThat(m.audio()).isTrue();
    assertThat(m.link()).isFalse();
    assertThat(m.count()).isEqualTo(3);
    assertThat(MediaFeatures.of(List.of()).any()).isFalse();
  }

  @Test
  void snapshotHoldsWhatTheMapHoldsInOrderAndIgnoresLaterWrites() {
    FeatureVector v = new FeatureVector();
    v.set(FeatureSlot.QUALITY, 0.7);
    v.set(FeatureSlot.DECLARED_INTEREST, 1.0, "gaming");
    v.set(FeatureSlot.MEDIA_COUNT, 2);
    java.util.Map<String, Double> snapshot = v.snapshot();
    assertThat(snapshot).isEqualTo(v.asMap()).hasSameHashCodeAs(v.asMap());
    assertThat(List.copyOf(snapshot.keySet())).isEqualTo(List.copyOf(v.asMap().keySet()));
    assertThat(snapshot.get("quality")).isEqualTo(0.7);
    assertThat(snapshot.get("two_tower")).isNull();
    assertThat(snapshot.get("nope")).isNull();
    assertThat(snapshot.containsKey("media_count")).isTrue();
    assertThat(snapshot.containsKey("two_tower")).isFalse();
    assertThat(snapshot.toString()).isEqualTo(v.asMap().toString());
    v.set(FeatureSlot.TWO_TOWER, 0.3);
    v.set(FeatureSlot.QUALITY, 0.1);
    assertThat(snapshot).hasSize(3).containsEntry("quality", 0.7).doesNotContainKey("two_tower");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot.put("quality", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
