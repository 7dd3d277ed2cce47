package io.overdrive.bench;

import java.util.HashMap;
import java.util.Map;

/** A benchmark's options, given as {@code --name value} pairs. */
public final class BenchArgs {
  private final Map<String, String> values;

  private BenchArgs(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException when an argument is not a {@code --name} followed by a value
   */
  public static BenchArgs parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    return new BenchArgs(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of {@code --name}, or null. */
  public String get(String name) {
    return values.get(name);
  }

  public String get(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  public int integer(String name, int otherwise) {
    return has(name) ? Integer.parseInt(get(name)) : otherwise;
  }

  public long longInteger(String name, long otherwise) {
    return has(name) ? Long.parseLong(get(name)) : otherwise;
  }

  public double decimal(String name, double otherwise) {
    return has(name) ? Double.parseDouble(get(name)) : otherwise;
  }
}
