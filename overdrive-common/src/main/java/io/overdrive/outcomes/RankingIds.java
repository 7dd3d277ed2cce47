package io.overdrive.outcomes;

import io.overdrive.domain.InvalidInputException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ranking ids: {@code <arm code>-<16 hex digits>}, e.g. {@code 3fa2c01b-9e0c4d2a61f3b7e5}. The id
 * leads with the {@link Arm#code()} of the arm that served the ranking, so an event that names a
 * ranking is attributed to its arm without a lookup and whatever order the ranking log and the
 * events arrive in (docs/decisions/0204-served-ranking-log.md); the rest is 64 random bits.
 */
public final class RankingIds {
  /** Longest ranking id accepted from clients (ours are 25 characters). */
  public static final int MAX_LENGTH = 64;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RankingIds() {}

  /** A new id for a ranking served by the arm of {@code armCode}. */
  public static String next(String armCode) {
    long r = ThreadLocalRandom.current().nextLong();
    char[] out = new char[Arm.CODE_LENGTH + 1 + 16];
    armCode.getChars(0, Arm.CODE_LENGTH, out, 0);
    out[Arm.CODE_LENGTH] = '-';
    for (int i = out.length - 1; i > Arm.CODE_LENGTH; i--) {
      out[i] = HEX[(int) (r & 0xf)];
      r >>>= 4;
    }
    return new String(out);
  }

  /** The arm code a ranking id starts with, or null when it is not one of ours. */
  public static String armCode(String rankingId) {
    if (rankingId == null || !wellFormed(rankingId)) {
      return null;
    }
    return rankingId.substring(0, Arm.CODE_LENGTH);
  }

  /**
   * Checks a ranking id a client sent back: absent is fine (null); otherwise it must be one this
   * service gave out.
   *
   * @throws InvalidInputException naming {@code field}
   */
  public static String check(String field, String rankingId) {
    if (rankingId == null) {
      return null;
    }
    if (rankingId.length() > MAX_LENGTH || !wellFormed(rankingId)) {
      throw new InvalidInputException(
          field,
          "is not a ranking id of this service: send the ranking_id of the For You answer the"
              + " item was in (8 hex digits, '-', then letters or digits)");
    }
    return rankingId;
  }

  private static boolean wellFormed(String id) {
    if (id.length() < Arm.CODE_LENGTH + 2
        || !Arm.isCode(id, 0)
        || id.charAt(Arm.CODE_LENGTH) != '-') {
      return false;
    }
    for (int i = Arm.CODE_LENGTH + 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!Character.isLetterOrDigit(c) || c > 'z') {
        return false;
      }
    }
    return true;
  }
}
