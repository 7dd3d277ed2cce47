package io.overdrive.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same walk-through with the real thing where a Docker engine exists: docker-compose builds
 * the images from the Dockerfile and starts the containers, and the README's block runs verbatim
 * (nothing stands in for docker-compose or curl). Skipped without Docker; {@link
 * ComposeWiringTest} covers the wiring everywhere else.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeWiringDockerTest {
  @TempDir Path work;

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void theReadmeWalkthroughRunsVerbatimOnDockerCompose() throws Exception {
    Path root = Repository.root();
    String project = "overdrive-ci-" + ProcessHandle.current().pid();
    Path out = work.resolve("walkthrough.out");
    ProcessBuilder bash =
        new ProcessBuilder(
                "bash", "-eo", "pipefail", "-c", Walkthrough.block(root.resolve("README.md")))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    bash.environment().put("COMPOSE_PROJECT_NAME", project);
    try {
      Process p = bash.start();
      boolean finished = p.waitFor(50, TimeUnit.MINUTES);
      String output = Files.readString(out);
      assertThat(finished && p.exitValue() == 0).as("the walk-through's output:\n%s", output).isTrue();
      assertThat(output).contains("\"sink\":\"kafka:overdrive.interactions\"");
      assertThat(output).containsPattern("\"model_version\":\"\\d{8}T\\d{6}Z-[0-9a-f]{6}\"");
      assertThat(output).containsPattern("overdrive_model_info\\{[^}]*version=");
    } finally {
      new ProcessBuilder("docker-compose", "-p", project, "down", "-v")
          .directory(root.toFile())
          .inheritIO()
          .start()
          .waitFor(5, TimeUnit.MINUTES);
    }
  }
}
