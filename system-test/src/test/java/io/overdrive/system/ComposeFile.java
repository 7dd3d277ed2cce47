package io.overdrive.system;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker-compose.yml as data (anchors and merge keys resolved by the YAML loader). */
record ComposeFile(Map<String, Service> services) {

  /** A volume mount: a named volume (or bind path) at a container path. */
  record Mount(String volume, String containerPath, boolean readOnly) {}

  /** A published port: host address and port, and the container port behind it. */
  record Published(String hostIp, int hostPort, int containerPort) {}

  record Service(
      String name,
      Optional<String> buildTarget,
      List<String> profiles,
      Map<String, String> environment,
      List<Published> ports,
      List<Mount> volumes,
      Map<String, String> dependsOn,
      List<String> command,
      Optional<URI> healthcheckUrl,
      Optional<String> image) {}

  private static final Pattern URL = Pattern.compile("https?://[^\\s\"']+");

  static ComposeFile read(Path file) throws IOException {
    Map<String, Object> doc;
    try (Reader r = Files.newBufferedReader(file)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    }
    Map<String, Service> services = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map(doc.get("services")).entrySet()) {
      Map<String, Object> s = map(e.getValue());
      Map<String, String> env = new LinkedHashMap<>();
      map(s.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
      List<Published> ports = new ArrayList<>();
      for (Object p : list(s.get("ports"))) {
        String[] parts = String.valueOf(p).split(":");
        String ip = parts.length == 3 ? parts[0] : "0.0.0.0";
        ports.add(
            new Published(
                ip,
                Integer.parseInt(parts[parts.length - 2]),
                Integer.parseInt(parts[parts.length - 1])));
      }
      List<Mount> volumes = new ArrayList<>();
      for (Object v : list(s.get("volumes"))) {
        String[] parts = String.valueOf(v).split(":");
        volumes.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].equals("ro")));
      }
      Map<String, String> dependsOn = new LinkedHashMap<>();
      map(s.get("depends_on"))
          .forEach((k, v) -> dependsOn.put(k, String.valueOf(map(v).get("condition"))));
      List<String> command = new ArrayList<>();
      list(s.get("command")).forEach(c -> command.add(String.valueOf(c)));
      Optional<URI> health = Optional.empty();
      Map<String, Object> hc = map(s.get("healthcheck"));
      if (!hc.isEmpty()) {
        Matcher m = URL.matcher(String.valueOf(hc.get("test")));
        if (m.find()) {
          health = Optional.of(URI.create(m.group().replaceAll("[\\],]+$", "")));
        }
      }
      Optional<String> target =
          Optional.ofNullable(map(s.get("build")).get("target")).map(String::valueOf);
      List<String> profiles = new ArrayList<>();
      list(s.get("profiles")).forEach(p -> profiles.add(String.valueOf(p)));
      services.put(
          e.getKey(),
          new Service(
              e.getKey(),
              target,
              profiles,
              env,
              ports,
              volumes,
              dependsOn,
              command,
              health,
              Optional.ofNullable(s.get("image")).map(String::valueOf)));
    }
    return new ComposeFile(services);
  }

  Service service(String name) {
    Service s = services.get(name);
    if (s == null) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + name);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    if (o instanceof List<?> l) {
      return l;
    }
    return o == null ? List.of() : List.of(o);
  }
}
