package io.overdrive.api.models;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the trained models are: {@code OVERDRIVE_MODEL_DIR} (the trainer's {@code --output-dir})
 * and how often to look for a new version ({@code OVERDRIVE_MODEL_POLLINTERVAL}, default 30s).
 *
 * @param dir the model directory; when set it must exist (it may still be empty). Absent: no
 *     learned models (the cold-start and behaviour signals rank alone)
 * @param pollInterval how often {@code LATEST} is checked for a new version
 */
@Validated
@ConfigurationProperties(prefix = "overdrive.model")
public record ModelProperties(String dir, @DefaultValue("30s") Duration pollInterval) {}
