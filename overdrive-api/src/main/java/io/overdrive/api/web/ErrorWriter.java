package io.overdrive.api.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.api.web.ApiErrors.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the API's JSON error body from servlet filters (auth, rate limits, body size), which run
 * before Spring MVC's {@link ApiErrors} can see a request, and counts each answer in {@value
 * ApiErrors#ERRORS_METRIC} like {@link ApiErrors} does: a flood of bad tokens or a throttled
 * gateway shows on the same metric as every other error.
 */
@Component
public final class ErrorWriter {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final MeterRegistry registry;

  public ErrorWriter(MeterRegistry registry) {
    this.registry = registry;
  }

  public void write(HttpServletResponse response, HttpStatus status, String message)
      throws IOException {
    String code = ApiErrors.code(status);
    ApiErrors.count(registry, code);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    MAPPER.writeValue(response.getOutputStream(), new ErrorBody(code, null, message));
  }
}
