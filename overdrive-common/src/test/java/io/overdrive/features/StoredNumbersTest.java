package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StoredNumbersTest {

  /** How item_stats.lua prints a number: the mantissa of frexp as a whole hex number, e - 53. */
  private static String asLuaPrintsIt(double v) {
    if (v == 0) {
      return "0x0p-53"; // frexp(0) = 0, 0
    }
    int e = Math.getExponent(v) + 1; // frexp: v = m * 2^e with 0.5 <= |m| < 1
    double m = v / Math.scalb(1.0, e);
    long whole = (long) (Math.abs(m) * (1L << 53));
    return (v < 0 ? "-" : "") + "0x" + Long.toHexString(whole) + "p" + (e - 53);
  }

  @Test
  void theScriptsHexadecimalFloatsReadAsDoubleParseDoubleReadsThemBitForBit() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> random.nextDouble() * 1e6; // counters and sums
            case 1 -> -random.nextDouble(); // aversions
            case 2 -> Math.floor(random.nextDouble() * 1e4); // whole counts
            default -> random.nextDouble() * Math.scalb(1.0, random.nextInt(-300, 300));
          };
      String s = asLuaPrintsIt(v);
      assertThat(StoredNumbers.parse(s)).as(s).isEqualTo(Double.parseDouble(s)).isEqualTo(v);
      assertThat(StoredNumbers.hexOrNaN(s)).as(s).isNotNaN();
    }
  }

  @Test
  void everyOtherShapeGetsJavasOwnReadingAndJunkIsZero() {
    for (String s :
        List.of(
            "0",
            "17",
            "-3.25",
            "1e300",
            "0x1.8p3",
            "0X1P-2",
            "0x1fffffffffffffp971", // the largest double
            "0x1p-1074", // subnormal: Java's rounding, not ours
            "0x20000000000000p0", // 2^53: more than 53 bits of mantissa
            "0x1p3d",
            "-0x0p0",
            " 0x1p3 ")) {
      assertThat(StoredNumbers.parse(s)).as(s).isEqualTo(Double.parseDouble(s));
    }
    assertThat(StoredNumbers.parse("-0x0p0")).isEqualTo(-0.0);
    assertThat(StoredNumbers.parse(null)).isZero();
    assertThat(StoredNumbers.parse("")).isZero();
    assertThat(StoredNumbers.parse("0x")).isZero();
    assertThat(StoredNumbers.parse("0xp3")).isZero();
    assertThat(StoredNumbers.parse("0x1p")).isZero();
    assertThat(StoredNumbers.parse("lots")).isZero();
  }
}
