package io.overdrive.features;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@link FeatureVector#snapshot()}: the present slots of a copied vector as an immutable map, slot
 * name to value in layout order. A {@code LinkedHashMap} of the same entries cost a node and a
 * boxed double per slot for every returned item, most of it never read.
 */
final class FeatureSnapshot extends AbstractMap<String, Double> {
  private final double[] values;
  private final long present;

  FeatureSnapshot(double[] values, long present) {
    this.values = values;
    this.present = present;
  }

  @Override
  public int size() {
    return Long.bitCount(present);
  }

  @Override
  public boolean containsKey(Object key) {
    return index(key) >= 0;
  }

  @Override
  public Double get(Object key) {
    int i = index(key);
    return i < 0 ? null : values[i];
  }

  private int index(Object key) {
    FeatureSlot slot = key instanceof String name ? FeatureSlot.byName(name) : null;
    return slot != null && (present & (1L << slot.ordinal())) != 0 ? slot.ordinal() : -1;
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return Long.bitCount(present);
      }

      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private long left = present;

          @Override
          public boolean hasNext() {
            return left != 0;
          }

          @Override
          public Entry<String, Double> next() {
            if (left == 0) {
              throw new NoSuchElementException();
            }
            int i = Long.numberOfTrailingZeros(left);
            left &= left - 1;
            return new SimpleImmutableEntry<>(FeatureSlot.at(i).slotName(), values[i]);
          }
        };
      }
    };
  }
}
