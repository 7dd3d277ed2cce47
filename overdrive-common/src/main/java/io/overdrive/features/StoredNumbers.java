package io.overdrive.features;

/**
 * Reads the numbers a store keeps as strings: the consumer's scripts write C99 hexadecimal floats
 * ({@code 0x1b000000000000p-49}: a whole mantissa of at most 53 bits and a binary exponent, printed
 * from {@code math.frexp} in {@code item_stats.lua}), counters written by {@code HINCRBY} are
 * decimal. {@link Double#parseDouble} reads both, but hands every hexadecimal one to a regular
 * expression (a matcher and its groups per value): a ranking reads thousands of them. This reads
 * that one shape by hand and gives everything else to {@link Double#parseDouble}, so the values are
 * the same bit for bit.
 */
public final class StoredNumbers {
  private static final long MAX_EXACT = 1L << 53;

  private StoredNumbers() {}

  /** The value, or 0 for null or for what is not a number (a field of a newer writer). */
  public static double parse(String s) {
    if (s == null) {
      return 0;
    }
    double fast = hexOrNaN(s);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * {@code [-]0x<hex digits>p[-]<decimal digits>} with a mantissa below 2^53 and a normal result,
   * whose value is then exact; NaN for anything else (the caller's slower path decides).
   */
  static double hexOrNaN(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (i < n && s.charAt(i) == '-') {
      negative = true;
      i++;
    }
    if (i + 2 >= n || s.charAt(i) != '0' || (s.charAt(i + 1) | 0x20) != 'x') {
      return Double.NaN;
    }
    i += 2;
    long mantissa = 0;
    int digits = 0;
    for (; i < n; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        break;
      }
      if (++digits > 14) {
        return Double.NaN;
      }
      mantissa = mantissa << 4 | d;
    }
    if (digits == 0 || mantissa >= MAX_EXACT || i >= n || (s.charAt(i) | 0x20) != 'p') {
      return Double.NaN;
    }
    i++;
    boolean negativeExponent = false;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negativeExponent = s.charAt(i) == '-';
      i++;
    }
    if (i >= n || n - i > 5) {
      return Double.NaN;
    }
    int exponent = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Double.NaN;
      }
      exponent = exponent * 10 + (c - '0');
    }
    if (negativeExponent) {
      exponent = -exponent;
    }
    double value;
    if (mantissa == 0) {
      value = 0.0;
    } else {
      // the result's binary exponent; within the normal range the scaling is exact
      int top = 63 - Long.numberOfLeadingZeros(mantissa) + exponent;
      if (top < Double.MIN_EXPONENT || top > Double.MAX_EXPONENT) {
        return Double.NaN;
      }
      value = Math.scalb((double) mantissa, exponent);
    }
    return negative ? -value : value;
  }
}
