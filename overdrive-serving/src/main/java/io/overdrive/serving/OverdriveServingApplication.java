package io.overdrive.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** gRPC serving node: ANN index of item embeddings and For You ranking for the timeline. */
@SpringBootApplication
public class OverdriveServingApplication {
  public static void main(String[] args) {
    SpringApplication.run(OverdriveServingApplication.class, args);
  }
}
