package io.overdrive.api.web;

import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request JSON is read strictly: {@code "user_id": 5} or {@code "content": true} is a caller's
 * mistake to report (400 naming the field), not a value to convert silently. The numeric coercions
 * (float to int, string to number) are switched off in application.yml.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfiguration {
  /** Instants in the usual ISO form are read without a formatter pass (see there). */
  @Bean
  JsonMapperBuilderCustomizer fastInstants() {
    return builder ->
        builder.addModule(
            new SimpleModule("overdrive-instants")
                .addDeserializer(Instant.class, new FastInstantDeserializer()));
  }

  /** Records are built through a method handle made once, not once per object (see there). */
  @Bean
  JsonMapperBuilderCustomizer fastCreators() {
    return builder -> builder.addModule(FastCreators.module());
  }

  @Bean
  JsonMapperBuilderCustomizer strictScalars() {
    return builder ->
        builder.withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
