package io.overdrive.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile as data: its stages, and for each the base, the {@code ENV} settings,
 * the {@code COPY} instructions and the {@code ENTRYPOINT}. Enough to check a stage's copies
 * against the build output and to start a service's jar the way its image would.
 */
record Dockerfile(Map<String, String> args, List<Stage> stages) {

  /** A {@code COPY}: from another stage ({@code --from}) or from the build context. */
  record Copy(String fromStage, List<String> sources, String destination) {}

  record Stage(
      String name,
      String base,
      Map<String, String> env,
      List<Copy> copies,
      List<String> entrypoint,
      String workdir,
      String user,
      boolean healthcheck) {}

  private static final Pattern FROM = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
  private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

  static Dockerfile read(Path file) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    Builder current = null;
    for (String line : logicalLines(Files.readAllLines(file))) {
      String word = line.split("\\s+", 2)[0].toUpperCase();
      String rest = line.substring(word.length()).strip();
      switch (word) {
        case "ARG" -> {
          if (current == null) {
            String[] kv = rest.split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "");
          }
        }
        case "FROM" -> {
          if (current != null) {
            stages.add(current.build());
          }
          Matcher m = FROM.matcher(line);
          if (!m.matches()) {
            throw new IllegalArgumentException("cannot read: " + line);
          }
          current = new Builder(m.group(2), m.group(1));
          for (Stage s : stages) {
            if (s.name() != null && s.name().equals(current.base)) {
              current.env.putAll(s.env());
              current.entrypoint = s.entrypoint();
              current.workdir = s.workdir();
              current.user = s.user();
              current.copies.addAll(s.copies());
              current.healthcheck = s.healthcheck();
            }
          }
        }
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          while (m.find()) {
            String v = m.group(2);
            if (v.startsWith("\"")) {
              v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
            }
            current.env.put(m.group(1), v);
          }
        }
        case "COPY" -> {
          List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
          String from = null;
          while (words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
              from = flag.substring("--from=".length());
            }
          }
          String destination = words.remove(words.size() - 1);
          current.copies.add(new Copy(from, List.copyOf(words), destination));
        }
        case "ENTRYPOINT" -> current.entrypoint = jsonArray(rest);
        case "WORKDIR" -> current.workdir = rest;
        case "USER" -> current.user = rest;
        case "HEALTHCHECK" -> current.healthcheck = !rest.equalsIgnoreCase("NONE");
        default -> {}
      }
    }
    if (current != null) {
      stages.add(current.build());
    }
    return new Dockerfile(args, stages);
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /** Where a path inside the image came from: the source of the COPY that wrote it. */
  Optional<Copy> copyTo(Stage stage, String imagePath) {
    return stage.copies().stream()
        .filter(c -> c.destination().equals(imagePath))
        .reduce((first, second) -> second);
  }

  /** Instructions joined over line continuations, without comments and blank lines. */
  private static List<String> logicalLines(List<String> raw) {
    List<String> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : raw) {
      String t = line.strip();
      if (t.startsWith("#") || (t.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (t.endsWith("\\")) {
        pending.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      pending.append(t);
      out.add(pending.toString().strip());
      pending.setLength(0);
    }
    return out;
  }

  private static List<String> jsonArray(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static final class Builder {
    final String name;
    final String base;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<Copy> copies = new ArrayList<>();
    List<String> entrypoint = List.of();
    String workdir = "/";
    String user = "root";
    boolean healthcheck;

    Builder(String name, String base) {
      this.name = name;
      this.base = base;
    }

    Stage build() {
      return new Stage(
          name, base, Map.copyOf(env), List.copyOf(copies), entrypoint, workdir, user, healthcheck);
    }
  }
}
