package io.overdrive.api.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Which of the optional endpoints the console's pages use this API serves, from its own request
 * mappings, so a page can say what is missing instead of failing on a 404.
 */
@Component
public class ApiEndpoints {
  static final Map<String, String> OPTIONAL =
      Map.of("experiments", "/experiments/{name}", "items", "/items/{item_id}");

  private final RequestMappingHandlerMapping mappings;

  public ApiEndpoints(
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
    this.mappings = mappings;
  }

  public Map<String, Boolean> available() {
    Set<String> patterns =
        mappings.getHandlerMethods().keySet().stream()
            .flatMap((RequestMappingInfo i) -> i.getPatternValues().stream())
            .map(p -> p.replaceAll("\\{[^}]*}", "{}"))
            .collect(Collectors.toSet());
    Map<String, Boolean> out = new LinkedHashMap<>();
    OPTIONAL.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.put(e.getKey(), patterns.contains(e.getValue().replaceAll("\\{[^}]*}", "{}"))));
    return out;
  }
}
