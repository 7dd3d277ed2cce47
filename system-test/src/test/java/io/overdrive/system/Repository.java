package io.overdrive.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout under test: this module's parent directory. */
final class Repository {
  private Repository() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
