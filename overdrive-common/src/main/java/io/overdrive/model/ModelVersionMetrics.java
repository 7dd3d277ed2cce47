package io.overdrive.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which model version a process serves, on {@code /metrics}: {@code
 * overdrive_model_info{version="..."} 1} for the version in use (a dashboard shows the label; a
 * version change is a step in the series) and {@code overdrive_model_created_seconds}, the
 * version's creation time (its age says how stale the model is when the nightly training stops
 * publishing).
 */
public final class ModelVersionMetrics {
  private final MultiGauge info;
  private final AtomicReference<Instant> created = new AtomicReference<>();

  private ModelVersionMetrics(MeterRegistry registry) {
    info =
        MultiGauge.builder("overdrive.model.info")
            .description("the model version in use (value 1, version in the label)")
            .register(registry);
    Gauge.builder(
            "overdrive.model.created",
            created,
            c -> c.get() == null ? Double.NaN : c.get().toEpochMilli() / 1000.0)
        .description("creation time of the model version in use")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Follows {@code models}: updated at each swap, and now if a version is already loaded. */
  public static ModelVersionMetrics bind(MeterRegistry registry, ModelRegistry models) {
    ModelVersionMetrics m = new ModelVersionMetrics(registry);
    models.onSwap(m::inUse);
    return m;
  }

  void inUse(LoadedModel model) {
    info.register(List.of(MultiGauge.Row.of(Tags.of("version", model.version()), 1)), true);
    try {
      created.set(Instant.parse(model.manifest().createdAt()));
    } catch (DateTimeParseException | NullPointerException e) {
      created.set(null); // a hand-made manifest without a time: the gauge reads NaN
    }
  }
}
