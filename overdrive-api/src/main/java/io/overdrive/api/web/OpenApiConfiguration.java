package io.overdrive.api.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}). The API's JSON is
 * snake_case through Jackson 3's {@code @JsonNaming}, which swagger-core (on Jackson 2) does not
 * read; its model resolver gets the same naming strategy so the schemas match the wire.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  @Bean
  ModelResolver snakeCaseModelResolver() {
    return new ModelResolver(
        Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }

  @Bean
  OpenAPI overdriveOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Overdrive API")
                .version("v1")
                .description(
                    "Personalised For You ranking: cold start from signup interests, real-time"
                        + " learning from events. Errors are {\"error\", \"field\", \"message\"};"
                        + " bounds: limit 1..100, at most 1000 candidate_items and 1000 events per"
                        + " request, bodies up to overdrive.max-body-size (4MB)."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("required when OVERDRIVE_AUTH_* is configured")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
