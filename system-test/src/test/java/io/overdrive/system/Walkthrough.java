package io.overdrive.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The README's compose walk-through, run as a user runs it: the shell block after the marker {@code
 * <!-- compose-walkthrough -->}, executed by bash. Without Docker, two commands on the PATH stand
 * in: {@code docker-compose} (the stack is already up; {@code run --rm SERVICE} starts that
 * service's process as compose would; {@code exec -T SERVICE CMD} runs CMD here with the service's
 * volume paths mapped to their directories) and {@code curl} (the published {@code localhost} ports
 * point at the services' local ports); every other word of the block runs unchanged.
 */
final class Walkthrough {
  static final String MARKER = "<!-- compose-walkthrough -->";

  private Walkthrough() {}

  /** How a run ended: whether it finished in time, its exit code, everything it printed. */
  record Result(boolean finished, int exitCode, String output) {
    boolean succeeded() {
      return finished && exitCode == 0;
    }
  }

  /**
   * Runs the README's block with {@code bash -e} (a typed session stops at a failing command too)
   * in {@code dir}, with {@code env} added to this process's environment.
   */
  static Result run(Path readme, Path dir, Map<String, String> env, Path out, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-e", "-c", block(readme))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    bash.environment().putAll(env);
    Process p = bash.start();
    boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor();
    }
    return new Result(finished, finished ? p.exitValue() : -1, Files.readString(out));
  }

  static String block(Path readme) throws IOException {
    String text = Files.readString(readme);
    int marker = text.indexOf(MARKER);
    if (marker < 0) {
      throw new IllegalStateException(readme + " has no " + MARKER);
    }
    int start = text.indexOf("```bash\n", marker);
    int end = text.indexOf("\n```", start + 8);
    return text.substring(start + "```bash\n".length(), end + 1);
  }

  /**
   * Writes the stand-in commands into {@code bin}: {@code curl} with {@code localhost:PUBLISHED}
   * mapped, and {@code docker-compose} running {@code runScripts} (service -> script).
   */
  static void writeShims(
      Path bin,
      Map<Integer, Integer> published,
      Map<String, Path> runScripts,
      Map<String, Map<String, Path>> mounts)
      throws IOException {
    Files.createDirectories(bin);
    String realCurl = which("curl");
    String mapping =
        published.entrySet().stream()
            .map(e -> "  a=\"${a//localhost:" + e.getKey() + "/127.0.0.1:" + e.getValue() + "}\"")
            .collect(Collectors.joining("\n"));
    write(
        bin.resolve("curl"),
        "#!/usr/bin/env bash\n"
            + "# the README's curl, with compose's published ports mapped to the test's\n"
            + "args=()\nfor a in \"$@\"; do\n"
            + mapping
            + "\n  args+=(\"$a\")\ndone\nexec "
            + realCurl
            + " \"${args[@]}\"\n");
    StringBuilder compose =
        new StringBuilder(
            "#!/usr/bin/env bash\n"
                + "# docker-compose as the walk-through uses it, without Docker\n"
                + "case \"$*\" in\n"
                + "  \"up -d --wait\") exit 0 ;;  # the test brought the stack up, healthy\n");
    // `exec -T SERVICE CMD...`: CMD on this machine, the service's volume paths mapped
    for (Map.Entry<String, Map<String, Path>> e : mounts.entrySet()) {
      compose.append("  \"exec -T ").append(e.getKey()).append(" \"*)\n    shift 3; args=()\n");
      compose.append("    for a in \"$@\"; do\n");
      for (Map.Entry<String, Path> m : e.getValue().entrySet()) {
        compose
            .append("      a=\"${a//")
            .append(m.getKey().replace("/", "\\/"))
            .append("/")
            .append(m.getValue().toString().replace("/", "\\/"))
            .append("}\"\n");
      }
      compose.append("      args+=(\"$a\")\n    done\n    exec \"${args[@]}\" ;;\n");
    }
    for (Map.Entry<String, Path> e : runScripts.entrySet()) {
      compose
          .append("  *\"run --rm ")
          .append(e.getKey())
          .append("\") exec ")
          .append(e.getValue())
          .append(" ;;\n");
    }
    compose.append(
        "  *) echo \"docker-compose stand-in: '$*' is not part of the walk-through\" >&2; exit 2 ;;\n"
            + "esac\n");
    write(bin.resolve("docker-compose"), compose.toString());
  }

  /** A script that runs {@code command} with exactly {@code env}. */
  static void writeRunScript(Path file, List<String> command, Map<String, String> env)
      throws IOException {
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\nexec env -i");
    env.forEach((k, v) -> s.append(" \\\n  ").append(quote(k + "=" + v)));
    for (String c : command) {
      s.append(" \\\n  ").append(quote(c));
    }
    write(file, s.append('\n').toString());
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    if (!file.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + file + " executable");
    }
  }

  private static String which(String command) throws IOException {
    for (String dir : System.getenv("PATH").split(":")) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IOException(command + " is not on the PATH");
  }
}
