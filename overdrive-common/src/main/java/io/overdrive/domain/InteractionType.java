package io.overdrive.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a user did with an item. The wire name is the snake_case word used in JSON. */
public enum InteractionType {
  IMPRESSION("impression"),
  VIEW("view"),
  LIKE("like"),
  SHARE("share"),
  COMMENT("comment"),
  FOLLOW_AUTHOR("follow_author"),
  SKIP("skip"),
  NOT_INTERESTED("not_interested"),
  REPORT("report");

  private static final Map<String, InteractionType> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(t -> t.wireName, Function.identity()));

  private final String wireName;

  InteractionType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True for the signals that say "less of this": skip, not-interested, report. */
  public boolean isNegative() {
    return this == SKIP || this == NOT_INTERESTED || this == REPORT;
  }

  /**
   * Parses a wire name ("like", "follow_author"); case and '-' vs '_' are forgiven.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static InteractionType fromWireName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("type is required; one of " + BY_WIRE_NAME.keySet());
    }
    InteractionType type = BY_WIRE_NAME.get(name.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown interaction type '" + name + "'; one of " + wireNames());
    }
    return type;
  }

  public static String wireNames() {
    return Arrays.stream(values()).map(InteractionType::wireName).collect(Collectors.joining(", "));
  }
}
