package io.overdrive.outcomes;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One arm of an experiment: a variant of it, or {@value #OVERDRIVE_OFF} (the client toggle's
 * non-personalised control feed, served beside whatever experiment runs). Its {@link #code()} is
 * the arm's short, stable name in ranking ids and in the outcome counters.
 */
public record Arm(String experiment, String variant) {
  /** The arm of answers the client asked to rank without Overdrive ({@code x-use-overdrive: 0}). */
  public static final String OVERDRIVE_OFF = "overdrive_off";

  /** Length of {@link #code()}: 8 hexadecimal digits. */
  public static final int CODE_LENGTH = 8;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public Arm {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
  }

  public String code() {
    return codeOf(experiment, variant);
  }

  /**
   * The low 32 bits of FNV-1a-64 over {@code experiment NUL variant} (UTF-8), as 8 lowercase hex
   * digits: the same in every service and language, and short enough to lead every ranking id.
   */
  public static String codeOf(String experiment, String variant) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, experiment);
    h *= 0x100000001b3L; // the NUL between the names (h ^= 0 changes nothing)
    h = fnv(h, variant);
    char[] out = new char[CODE_LENGTH];
    for (int i = CODE_LENGTH - 1; i >= 0; i--) {
      out[i] = HEX[(int) (h & 0xf)];
      h >>>= 4;
    }
    return new String(out);
  }

  private static long fnv(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** True for 8 lowercase hexadecimal digits. */
  static boolean isCode(CharSequence s, int from) {
    if (s.length() < from + CODE_LENGTH) {
      return false;
    }
    for (int i = from; i < from + CODE_LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
