package io.overdrive.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names: the ones the monitoring files query and the ones a /metrics page exports. */
final class MetricNames {
  private static final Pattern NAME =
      Pattern.compile("\\b((?:overdrive|http_server|kafka)_[a-z0-9_]+)\\b");

  /** A matcher on the name itself ({__name__=~"..."}) is a pattern, not a name. */
  private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*[=!~]+\\s*\"[^\"]*\"");

  private MetricNames() {}

  /** Names queried by the alert rules and the dashboard (their expressions, not their prose). */
  static Set<String> queried(Path alerts, Path dashboard) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(alerts)) {
      String t = line.strip();
      if (t.startsWith("summary:") || t.startsWith("description:") || t.startsWith("#")) {
        continue;
      }
      collect(t, names);
    }
    Matcher expr =
        Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(Files.readString(dashboard));
    while (expr.find()) {
      collect(expr.group(1).replace("\\\"", "\""), names);
    }
    return names;
  }

  private static void collect(String expression, Set<String> into) {
    Matcher m = NAME.matcher(NAME_MATCHER.matcher(expression).replaceAll(""));
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  /** Series names on a Prometheus text page. */
  static Set<String> exported(String page) {
    Set<String> names = new TreeSet<>();
    for (String line : page.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.length();
      for (char c : new char[] {'{', ' '}) {
        int i = line.indexOf(c);
        if (i >= 0 && i < end) {
          end = i;
        }
      }
      names.add(line.substring(0, end));
    }
    return names;
  }
}
