package io.overdrive.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The learning loop's consumer: reads interaction batches from Kafka, applies them to the Redis
 * feature store through the same common code the standalone API uses, appends them to the training
 * archive, and sends what cannot be read to the dead-letter topic. See docs/streaming.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OverdriveConsumerApplication {
  public static void main(String[] args) {
    SpringApplication.run(OverdriveConsumerApplication.class, args);
  }
}
