package io.overdrive.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Kafka consumer: interactions to feature updates in Redis, plus the training archive. */
@SpringBootApplication
public class OverdriveConsumerApplication {
  public static void main(String[] args) {
    SpringApplication.run(OverdriveConsumerApplication.class, args);
  }
}
