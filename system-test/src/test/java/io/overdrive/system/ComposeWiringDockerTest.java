package io.overdrive.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same walk-through with the real thing where a Docker engine exists: docker-compose builds the
 * images from the Dockerfile and starts the containers, and the README's block runs verbatim
 * (nothing stands in for docker-compose or curl). Skipped without Docker; {@link ComposeWiringTest}
 * covers the wiring everywhere else.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeWiringDockerTest {
  @TempDir Path work;

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void theReadmeWalkthroughRunsVerbatimOnDockerCompose() throws Exception {
    Path root = Repository.root();
    String project = "overdrive-ci-" + ProcessHandle.current().pid();
    try {
      Walkthrough.Result run =
          Walkthrough.run(
              root.resolve("README.md"),
              root,
              Map.of("COMPOSE_PROJECT_NAME", project),
              work.resolve("walkthrough.out"),
              Duration.ofMinutes(50));
      assertThat(run.succeeded()).as("the walk-through's output:\n%s", run.output()).isTrue();
      assertThat(run.output()).contains("\"sink\":\"kafka:overdrive.interactions\"");
      assertThat(run.output()).containsPattern("\"model_version\":\"\\d{8}T\\d{6}Z-[0-9a-f]{6}\"");
      assertThat(run.output()).containsPattern("overdrive_model_info\\{[^}]*version=");
    } finally {
      new ProcessBuilder("docker-compose", "-p", project, "down", "-v")
          .directory(root.toFile())
          .inheritIO()
          .start()
          .waitFor(5, TimeUnit.MINUTES);
    }
  }
}
