package io.overdrive.api.ranking;

/**
 * One {@code String} per distinct short text a parser hands out as characters: the ids, contents,
 * hashtags and authors of the posts a gateway describes the same way request after request. The
 * request then allocates no string for a text seen before, and everything downstream that hashes or
 * compares them (the candidate id set, the item cache, the content-features cache) meets a string
 * whose hash is known and an equal string that is the same object.
 *
 * <p>A table of {@code 2^bits} strings in pairs of slots (two-way: the hash picks a pair, the newer
 * text first), so two texts of one hash take turns only when a third comes: a miss (a new text)
 * costs one string, as it would without the table. The hash is mixed (Fibonacci hashing): ids like
 * {@code i100 .. i1999} have dense {@code String} hashes that a mask alone would pile into the same
 * slots. Texts longer than {@code maxLength} are not kept. Thread-safe without locks: slots are
 * read and written racily, which is safe because a {@code String}'s state is final; a lost write
 * only costs a later miss.
 */
final class CanonicalStrings {
  private final String[] slots;
  private final int shift;
  private final int maxLength;

  CanonicalStrings(int bits, int maxLength) {
    this.slots = new String[1 << bits];
    this.shift = 32 - (bits - 1);
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
    int pair = ((h * 0x9E3779B9) >>> shift) << 1;
    String newer = slots[pair];
    if (newer != null && equal(newer, chars, offset, length)) {
      return newer;
    }
    String older = slots[pair + 1];
    if (older != null && equal(older, chars, offset, length)) {
      return older;
    }
    String made = new String(chars, offset, length);
    slots[pair + 1] = newer;
    slots[pair] = made;
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
