package io.overdrive.api.retrieval;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where For You candidates come from when a request brings none ({@code OVERDRIVE_*} variables).
 * In-process retrieval uses the learned models' directory ({@code OVERDRIVE_MODEL_DIR}, see {@code
 * io.overdrive.api.models}).
 *
 * @param servingAddr the serving node's gRPC address ({@code host:port}); absent = retrieve
 *     in-process from the current model's item embeddings
 * @param servingDeadline how long a retrieval call may take before the ranking falls back
 * @param retrievalCandidates how many candidates to retrieve (the ranking then picks the limit)
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record RetrievalProperties(
    String servingAddr,
    @DefaultValue("100ms") Duration servingDeadline,
    @DefaultValue("200") @Min(1) @Max(1000) int retrievalCandidates) {

  public RetrievalProperties {
    if (servingDeadline.isNegative() || servingDeadline.isZero()) {
      throw new IllegalArgumentException("overdrive.serving-deadline must be > 0");
    }
  }

  public boolean remote() {
    return servingAddr != null && !servingAddr.isBlank();
  }
}
