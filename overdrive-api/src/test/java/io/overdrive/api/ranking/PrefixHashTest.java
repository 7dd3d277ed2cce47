package io.overdrive.api.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reader finds a kept candidate object by the hash of its first bytes before it knows where the
 * object ends: the hash of an object's own bytes must be the hash of the same object inside any
 * body, wherever it starts and whatever follows it.
 */
class PrefixHashTest {
  @Test
  void anObjectHashesAlikeAloneAndInsideABody() {
    SplittableRandom r = new SplittableRandom(3);
    for (int n = 0; n < 20_000; n++) {
      byte[] object = object(r, 2 + r.nextInt(120));
      byte[] before = noise(r, r.nextInt(20));
      byte[] after = noise(r, r.nextInt(80));
      byte[] body = new byte[before.length + object.length + after.length];
      System.arraycopy(before, 0, body, 0, before.length);
      System.arraycopy(object, 0, body, before.length, object.length);
      System.arraycopy(after, 0, body, before.length + object.length, after.length);
      assertThat(ForYouRequestReader.prefixHash(body, before.length, body.length))
          .as("%s", new String(object, StandardCharsets.ISO_8859_1))
          .isEqualTo(ForYouRequestReader.prefixHash(object, 0, object.length));
    }
  }

  @Test
  void theHashDependsOnTheBytesBeforeTheFirstClosingBrace() {
    byte[] a = "{\"id\": \"i1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] b = "{\"id\": \"i2\"}".getBytes(StandardCharsets.UTF_8);
    byte[] c = "{\"id\": \"i1\"}, {\"id\": \"i3\"}".getBytes(StandardCharsets.UTF_8);
    byte[] d = "{\"id\": \"i1\"}, {\"id\": \"i4\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(ForYouRequestReader.prefixHash(a, 0, a.length))
        .isNotEqualTo(ForYouRequestReader.prefixHash(b, 0, b.length));
    assertThat(ForYouRequestReader.prefixHash(c, 0, c.length))
        .isEqualTo(ForYouRequestReader.prefixHash(d, 0, d.length));
    byte[] e = ("{\"id\": \"" + "x".repeat(70) + "1\"}").getBytes(StandardCharsets.UTF_8);
    byte[] f = ("{\"id\": \"" + "x".repeat(70) + "2\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(ForYouRequestReader.prefixHash(e, 0, e.length))
        .as("only the first 64 bytes count")
        .isEqualTo(ForYouRequestReader.prefixHash(f, 0, f.length));
  }

  /** An object's bytes: '{', bytes (some of them '}'), and a closing '}'. */
  private static byte[] object(SplittableRandom r, int length) {
    byte[] b = noise(r, length);
    b[0] = '{';
    b[length - 1] = '}';
    return b;
  }

  private static byte[] noise(SplittableRandom r, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = r.nextInt(12) == 0 ? (byte) '}' : (byte) (32 + r.nextInt(200));
    }
    return Arrays.copyOf(b, length);
  }
}
