package io.overdrive.api.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's page: its static files live in the jar under {@code static/console/} (plain
 * ES modules and CSS, nothing built at run time); {@code /console} and {@code /console/} answer
 * with its one HTML page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleWebConfiguration implements WebMvcConfigurer {

  /** Paths of the page and its assets: no data, so no token (the data calls carry one). */
  public static final String[] SHELL_PATHS = {
    "/console", "/console/", "/console/index.html", "/console/assets/**"
  };

  /** The console's own data endpoints: the admin scope when auth is on. */
  public static final String API_PATHS = "/console/api/**";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }
}
