package io.overdrive.ranking;

import io.overdrive.domain.InvalidInputException;

/**
 * The client toggle of the seed's client ({@code enableOverdrive()}): the gateway sends {@value
 * #HEADER} — a REST header, or gRPC metadata of the same key — to say whether this answer is
 * Overdrive's ranking ({@code 1}, or no header) or the non-personalised control feed ({@code 0}):
 * the candidates in their given order, or without candidates the newest items, answered with the
 * variant {@code overdrive_off} and logged like any ranking.
 */
public final class OverdriveToggle {
  public static final String HEADER = "x-use-overdrive";

  private OverdriveToggle() {}

  /**
   * True for Overdrive, false for the control feed.
   *
   * @throws InvalidInputException naming the header, for anything but absent, "0" or "1"
   */
  public static boolean enabled(String value) {
    if (value == null) {
      return true;
    }
    return switch (value.trim()) {
      case "1" -> true;
      case "0" -> false;
      default ->
          throw new InvalidInputException(
              HEADER,
              "must be 1 (Overdrive ranks) or 0 (the non-personalised control feed), got '"
                  + (value.length() > 20 ? value.substring(0, 20) + "..." : value)
                  + "'");
    };
  }
}
