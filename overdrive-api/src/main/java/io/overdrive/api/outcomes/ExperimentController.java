package io.overdrive.api.outcomes;

import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.outcomes.ExperimentReport;
import io.overdrive.store.FeatureStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /experiments} and {@code GET /experiments/{name}}: outcomes per experiment arm, live,
 * from the counters the event path keeps in the feature store (the consumer in distributed mode,
 * this process standalone): per variant and for {@code overdrive_off}, rankings, impressions,
 * engagement and like rates per impression and mean dwell with 95% intervals, and the lift against
 * the control with a verdict ({@link ExperimentReport}).
 */
@RestController
@Tag(name = "experiments", description = "outcomes per A/B arm")
public class ExperimentController {
  private final FeatureStore store;
  private final ExperimentAssigner experiments;

  public ExperimentController(FeatureStore store, ExperimentAssigner experiments) {
    this.store = store;
    this.experiments = experiments;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ExperimentsResponse(String running, List<ExperimentReport> experiments) {}

  @GetMapping("/experiments")
  @Operation(
      summary = "Outcomes of every experiment arm the counters know, the running experiment first")
  public ExperimentsResponse all() {
    return new ExperimentsResponse(
        experiments.experiment().name(),
        ExperimentReport.all(experiments.experiment(), store.outcomes()));
  }

  @GetMapping("/experiments/{name}")
  @Operation(summary = "One experiment's outcomes per arm; 404 when nothing is known of it")
  public ExperimentReport one(@PathVariable("name") String name) {
    return ExperimentReport.all(experiments.experiment(), store.outcomes()).stream()
        .filter(r -> r.experiment().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "no experiment '"
                        + name
                        + "': neither running ("
                        + experiments.experiment().name()
                        + ") nor named by a counted ranking"));
  }
}
