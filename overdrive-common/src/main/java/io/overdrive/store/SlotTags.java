package io.overdrive.store;

import io.lettuce.core.cluster.SlotHash;

/**
 * For every Redis Cluster slot, a short hash tag that maps to it ({@code "0"}, {@code "1"}, ... the
 * first decimal number with that slot): a key per slot whose writes can share a script call with
 * the keys of that slot's users ({@link RedisKeys#outcomes}). Built once, on first use (~170,000
 * CRC16s of short strings).
 */
final class SlotTags {
  private SlotTags() {}

  private static final class Table {
    static final String[] TAGS = build();

    private static String[] build() {
      String[] tags = new String[SlotHash.SLOT_COUNT];
      int filled = 0;
      for (int i = 0; filled < tags.length; i++) {
        String s = Integer.toString(i);
        int slot = SlotHash.getSlot(s);
        if (tags[slot] == null) {
          tags[slot] = s;
          filled++;
        }
      }
      return tags;
    }
  }

  static String of(int slot) {
    return Table.TAGS[slot];
  }
}
