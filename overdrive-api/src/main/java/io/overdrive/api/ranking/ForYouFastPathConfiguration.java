package io.overdrive.api.ranking;

import jakarta.validation.Validator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/** Registers {@link ForYouFastPath} for its one route, behind every other filter. */
@Configuration(proxyBeanMethods = false)
class ForYouFastPathConfiguration {

  @Bean
  FilterRegistrationBean<ForYouFastPath> forYouFastPath(
      RankController controller,
      JsonMapper mapper,
      Validator validator,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
    FilterRegistrationBean<ForYouFastPath> registration =
        new FilterRegistrationBean<>(new ForYouFastPath(controller, mapper, validator, errors));
    registration.addUrlPatterns(ForYouFastPath.PATH);
    // after Spring Security's chain (authentication, scopes, rate limits: order -100), the body cap
    // and the request metric: the fast path only replaces what MVC's DispatcherServlet does
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
    return registration;
  }
}
