package io.overdrive.training;

import java.util.Map;

/** What the trainer, the search and the report need from a model's settings. */
public interface ModelConfig {
  /** Validations without improvement before training stops. */
  int patience();

  /** The settings by name, for the report and the manifest. */
  Map<String, Object> settings();
}
