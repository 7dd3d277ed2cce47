package io.overdrive.api;

import io.overdrive.importer.ImportCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The REST edge the gateway calls: For You ranking, events, users, items, features and insights.
 * {@code java -jar overdrive-api.jar import ...} runs the bulk importer against a running API
 * instead ({@link ImportCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OverdriveApiApplication {
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("import")) {
      System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(OverdriveApiApplication.class, args);
  }
}
