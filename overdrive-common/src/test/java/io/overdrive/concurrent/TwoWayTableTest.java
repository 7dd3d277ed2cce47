package io.overdrive.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwoWayTableTest {
  private static final TwoWayTable.Match<String, String> EQUAL = String::equals;

  @Test
  void findsWhatWasPutByTheCallersEquality() {
    TwoWayTable<String> table = new TwoWayTable<>(10);
    String kept = new String("post-1");
    table.put(kept.hashCode(), kept);

    // an equal string finds the kept object itself; identity does not match a copy
    assertThat(table.find("post-1".hashCode(), "post-1", EQUAL)).isSameAs(kept);
    assertThat(table.find("post-1".hashCode(), new String("post-1"), (k, key) -> k == key))
        .isNull();
    assertThat(table.find("post-2".hashCode(), "post-2", EQUAL)).isNull();
  }

  @Test
  void aPairKeepsTwoValuesOfOneHashAndAThirdPushesOutTheOlder() {
    TwoWayTable<String> table = new TwoWayTable<>(4);
    int hash = 42; // the same hash for all: one pair
    table.put(hash, "a");
    table.put(hash, "b");
    assertThat(table.find(hash, "a", EQUAL)).isEqualTo("a");
    assertThat(table.find(hash, "b", EQUAL)).isEqualTo("b");
    int pair = table.pair(hash);
    assertThat(table.newer(pair)).isEqualTo("b");
    assertThat(table.older(pair)).isEqualTo("a");

    table.put(hash, "c");
    assertThat(table.newer(pair)).isEqualTo("c");
    assertThat(table.older(pair)).isEqualTo("b");
    assertThat(table.find(hash, "a", EQUAL)).isNull();
  }

  @Test
  void insertMakesTheValueTheNewerOfItsPair() {
    TwoWayTable<String> table = new TwoWayTable<>(4);
    int pair = table.pair(7);
    table.insert(pair, "x");
    table.insert(pair, "y");
    assertThat(table.newer(pair)).isEqualTo("y");
    assertThat(table.older(pair)).isEqualTo("x");
    assertThat(pair % 2).isZero();
    assertThat(pair + 1).isLessThan(16);
  }

  @Test
  void denseIdHashesSpreadOverThePairs() {
    // ids i0 .. i1999 have nearly consecutive String hashes; masked, they would share few pairs
    TwoWayTable<String> table = new TwoWayTable<>(14);
    Set<Integer> pairs = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      pairs.add(table.pair(("i" + i).hashCode()));
    }
    assertThat(pairs.size()).isGreaterThan(1700); // 1,781: as many as random hashes reach
    for (int i = 0; i < 2000; i++) {
      String id = "i" + i;
      table.put(id.hashCode(), id);
    }
    int found = 0;
    for (int i = 0; i < 2000; i++) {
      String id = "i" + i;
      found += table.find(id.hashCode(), id, EQUAL) != null ? 1 : 0;
    }
    assertThat(found).isEqualTo(2000); // no pair of 8,192 took a third id
  }

  @Test
  void refusesASizeOutsideItsRange() {
    assertThatThrownBy(() -> new TwoWayTable<>(1)).hasMessageContaining("bits");
    assertThatThrownBy(() -> new TwoWayTable<>(31)).hasMessageContaining("bits");
  }
}
