package io.overdrive.training.search;

import java.util.LinkedHashMap;
import java.util.Map;

/** Settings and tables as ordered name-value maps, for the report and the manifest. */
public final class Settings {
  private Settings() {}

  /** An ordered map of alternating names and values. */
  public static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k + 1 < namesAndValues.length; k += 2) {
      m.put(String.valueOf(namesAndValues[k]), namesAndValues[k + 1]);
    }
    return m;
  }
}
