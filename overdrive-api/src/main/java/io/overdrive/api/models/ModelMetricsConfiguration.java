package io.overdrive.api.models;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.ModelVersionMetrics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The model version in use on {@code /metrics} ({@code overdrive_model_info{version}}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "overdrive.model", name = "dir")
public class ModelMetricsConfiguration {

  @Bean
  ModelVersionMetrics modelVersionMetrics(MeterRegistry meters, ModelRegistry models) {
    return ModelVersionMetrics.bind(meters, models);
  }
}
