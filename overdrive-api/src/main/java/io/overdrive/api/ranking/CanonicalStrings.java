package io.overdrive.api.ranking;

import io.overdrive.concurrent.TwoWayTable;

/**
 * One {@code String} per distinct short text a parser hands out as characters: the ids, contents,
 * hashtags and authors of the posts a gateway describes the same way request after request. The
 * request then allocates no string for a text seen before, and everything downstream that hashes or
 * compares them (the candidate id set, the item cache, the content-features cache) meets a string
 * whose hash is known and an equal string that is the same object.
 *
 * <p>A {@link TwoWayTable} of {@code 2^bits} strings by {@code String}'s hash, compared with the
 * characters: a miss (a new text) costs one string, as it would without the table. Texts longer
 * than {@code maxLength} are not kept. Thread-safe without locks (a {@code String}'s state is
 * final).
 */
final class CanonicalStrings {
  private final TwoWayTable<String> slots;
  private final int maxLength;

  CanonicalStrings(int bits, int maxLength) {
    this.slots = new TwoWayTable<>(bits);
    this.maxLength = maxLength;
  }

  /**
   * The same, {@code expected} when it is equal: a text the caller expects (the one it read last in
   * this place) is compared once instead of hashed and compared.
   */
  String of(char[] chars, int offset, int length, String expected) {
    if (expected != null && equal(expected, chars, offset, length)) {
      return expected;
    }
    return of(chars, offset, length);
  }

  /** The string of {@code chars[offset .. offset + length)}: the kept one when it is equal. */
  String of(char[] chars, int offset, int length) {
    if (length > maxLength) {
      return new String(chars, offset, length);
    }
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + chars[offset + i]; // String.hashCode's
    }
    // the table's pair by hand: a key object for find() would be a string's worth of allocation
    int pair = slots.pair(h);
    String newer = slots.newer(pair);
    if (newer != null && equal(newer, chars, offset, length)) {
      return newer;
    }
    String older = slots.older(pair);
    if (older != null && equal(older, chars, offset, length)) {
      return older;
    }
    String made = new String(chars, offset, length);
    slots.insert(pair, made);
    return made;
  }

  private static boolean equal(String s, char[] chars, int offset, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
