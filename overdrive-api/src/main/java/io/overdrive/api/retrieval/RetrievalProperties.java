package io.overdrive.api.retrieval;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where For You candidates come from when a request brings none ({@code OVERDRIVE_*} variables).
 *
 * @param servingAddr the serving node's gRPC address ({@code host:port}); absent = retrieve
 *     in-process from the model's item embeddings
 * @param servingDeadline how long a retrieval call may take before the ranking falls back
 * @param modelDir the trainer's model directory; its item embeddings back in-process retrieval
 *     (standalone) and the fallback when the node cannot answer
 * @param modelPollInterval how often {@code LATEST} is checked for a new version
 * @param retrievalCandidates how many candidates to retrieve (the ranking then picks the limit)
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record RetrievalProperties(
    String servingAddr,
    @DefaultValue("100ms") Duration servingDeadline,
    Path modelDir,
    @DefaultValue("10s") Duration modelPollInterval,
    @DefaultValue("200") @Min(1) @Max(1000) int retrievalCandidates) {

  public RetrievalProperties {
    if (servingDeadline.isNegative() || servingDeadline.isZero()) {
      throw new IllegalArgumentException("overdrive.serving-deadline must be > 0");
    }
    if (modelPollInterval.isNegative() || modelPollInterval.isZero()) {
      throw new IllegalArgumentException("overdrive.model-poll-interval must be > 0");
    }
  }

  public boolean remote() {
    return servingAddr != null && !servingAddr.isBlank();
  }
}
