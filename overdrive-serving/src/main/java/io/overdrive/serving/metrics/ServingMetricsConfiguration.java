package io.overdrive.serving.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.ModelVersionMetrics;
import io.overdrive.serving.index.IndexSpec;
import io.overdrive.serving.index.LiveIndex;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's state on {@code /metrics}: whether an index serves and how many items it holds, the
 * search settings that trade recall for latency ({@code overdrive_serving_ef_search}, {@code
 * overdrive_serving_nprobe}), every call's latency ({@link CallMetrics}) and the model version in
 * use.
 */
@Configuration(proxyBeanMethods = false)
public class ServingMetricsConfiguration {

  @Bean
  CallMetrics callMetrics(
      MeterRegistry registry,
      LiveIndex live,
      IndexSpec spec,
      ObjectProvider<ModelRegistry> models) {
    models.ifAvailable(m -> ModelVersionMetrics.bind(registry, m));
    Gauge.builder("overdrive.serving.index.ready", live, l -> l.ready() ? 1 : 0)
        .description("1 once an index serves (gRPC health SERVING)")
        .register(registry);
    Gauge.builder("overdrive.serving.index.items", live, l -> l.ready() ? l.size() : 0)
        .description("items in the served index")
        .register(registry);
    Gauge.builder("overdrive.serving.ef.search", spec, IndexSpec::efSearch)
        .description("HNSW search breadth (OVERDRIVE_EF_SEARCH): higher = more recall, slower")
        .tag("backend", spec.backend().name().toLowerCase(Locale.ROOT))
        .register(registry);
    Gauge.builder("overdrive.serving.nprobe", spec, IndexSpec::nprobe)
        .description("inverted lists an IVF search visits (OVERDRIVE_NPROBE)")
        .tag("backend", spec.backend().name().toLowerCase(Locale.ROOT))
        .register(registry);
    return new CallMetrics(registry);
  }
}
