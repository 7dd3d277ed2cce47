package io.overdrive.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The REST edge the gateway calls: For You ranking, events, users, features and insights. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OverdriveApiApplication {
  public static void main(String[] args) {
    SpringApplication.run(OverdriveApiApplication.class, args);
  }
}
