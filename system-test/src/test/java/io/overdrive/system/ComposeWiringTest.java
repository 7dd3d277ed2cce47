package io.overdrive.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.system.ComposeFile.Published;
import io.overdrive.system.ComposeFile.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml's wiring, proven without Docker: every service's jar starts with exactly the
 * environment, entrypoint and volumes compose gives its container ({@link ComposeStack}), against a
 * real Redis and Kafka broker, each healthy by its own health check before its dependants start;
 * then the README's compose walk-through runs as typed ({@link Walkthrough}): signup, For You,
 * events through Kafka and the consumer, the trainer publishing a model version on the shared
 * volume, and the API and the serving node loading it. Last, every metric the alert rules and the
 * Grafana dashboard query is one the services export, and Prometheus' scrape targets answer.
 */
class ComposeWiringTest {
  @TempDir Path work;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theReadmeWalkthroughRunsOnTheStackWiredAsComposeWiresIt() throws Exception {
    Path root = Repository.root();
    ComposeFile compose = ComposeFile.read(root.resolve("docker-compose.yml"));
    Dockerfile dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
    Map<String, Integer> scrapeTargets =
        scrapeTargets(root.resolve("k8s/monitoring/prometheus.yml"));

    try (ComposeStack stack = new ComposeStack(root, compose, dockerfile, work)) {
      scrapeTargets.forEach(stack::listen);
      stack.up();

      Map<Integer, Integer> published = new LinkedHashMap<>();
      Map<String, Path> runScripts = new LinkedHashMap<>();
      Map<String, Map<String, Path>> mounts = new LinkedHashMap<>();
      for (Service s : compose.services().values()) {
        for (Published p : s.ports()) {
          assertThat(p.hostIp())
              .as("%s publishes on loopback only", s.name())
              .isEqualTo("127.0.0.1");
          if (s.profiles().isEmpty()) {
            published.put(p.hostPort(), stack.hostPort(s.name(), p.containerPort()));
          }
        }
        if (s.profiles().isEmpty() && s.buildTarget().isPresent()) {
          Map<String, Path> paths = new LinkedHashMap<>();
          s.volumes().forEach(v -> paths.put(v.containerPath(), stack.volume(v.volume())));
          mounts.put(s.name(), paths);
        }
        if (!s.profiles().isEmpty() && s.buildTarget().isPresent()) {
          Path script = work.resolve("run-" + s.name() + ".sh");
          Walkthrough.writeRunScript(script, stack.commandLine(s, List.of()), stack.environment(s));
          runScripts.put(s.name(), script);
        }
      }
      for (String store : List.of("redis", "kafka")) {
        assertThat(compose.service(store).ports()).as("%s is not published", store).isEmpty();
      }
      Path bin = work.resolve("bin");
      Walkthrough.writeShims(bin, published, runScripts, mounts);

      Walkthrough.Result run =
          Walkthrough.run(
              root.resolve("README.md"),
              work,
              Map.of("PATH", bin + ":" + System.getenv("PATH")),
              work.resolve("walkthrough.out"),
              Duration.ofMinutes(12));
      String output = run.output();
      assertThat(run.succeeded())
          .as(
              "the walk-through ran to the end; its output:\n%s\n--- api:\n%s\n--- consumer:\n%s",
              output, stack.tail("api"), stack.tail("consumer"))
          .isTrue();

      assertThat(output)
          .as("events go through Kafka")
          .contains("\"sink\":\"kafka:overdrive.interactions\"");
      Path models = stack.volume("models");
      String version = Files.readString(models.resolve("LATEST")).strip();
      assertThat(version).as("the trainer published a version on the models volume").isNotEmpty();
      assertThat(lastValue(output, "model_version"))
          .as("the API ranks with the new version")
          .isEqualTo(version);
      // the node polls LATEST on its own schedule, then builds the index: give it 90 seconds
      String serving = stack.get("serving", 8090, "/metrics");
      Pattern ready = Pattern.compile("(?m)^overdrive_serving_index_ready\\{[^}]*\\} 1\\.0$");
      for (int i = 0;
          i < 90
              && !(serving.contains("version=\"" + version + "\"")
                  && ready.matcher(serving).find());
          i++) {
        Thread.sleep(1000);
        serving = stack.get("serving", 8090, "/metrics");
      }
      assertThat(serving)
          .as("the serving node loaded the version and serves its index")
          .containsPattern(
              "(?m)^overdrive_model_info\\{[^}]*version=\""
                  + Pattern.quote(version)
                  + "\"[^}]*\\} 1(\\.0)?$")
          .containsPattern("overdrive_serving_index_ready\\{[^}]*\\} 1\\.0");
      assertThat(
              Files.walk(stack.volume("archive")).anyMatch(f -> f.toString().endsWith(".jsonl.gz")))
          .as("the consumer archived the events the trainer read")
          .isTrue();

      Set<String> exported = new TreeSet<>();
      for (Map.Entry<String, Integer> t : scrapeTargets.entrySet()) {
        exported.addAll(MetricNames.exported(stack.get(t.getKey(), t.getValue(), "/metrics")));
      }
      Set<String> queried =
          MetricNames.queried(
              root.resolve("k8s/monitoring/alerts.yml"),
              root.resolve("k8s/monitoring/grafana/overdrive.json"));
      assertThat(queried).as("metrics the monitoring files query").hasSizeGreaterThan(15);
      assertThat(exported).as("metrics the services export").containsAll(queried);
    }
  }

  /** Prometheus' static targets ({@code service:port}) in the compose scrape configuration. */
  private static Map<String, Integer> scrapeTargets(Path prometheus) throws Exception {
    Map<String, Integer> targets = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("\"([a-z][a-z0-9-]*):(\\d+)\"").matcher(Files.readString(prometheus));
    while (m.find()) {
      targets.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(targets).containsKeys("api", "consumer", "serving");
    return targets;
  }

  private static String lastValue(String output, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(output);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }
}
