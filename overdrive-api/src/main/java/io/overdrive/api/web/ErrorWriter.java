package io.overdrive.api.web;

import io.overdrive.api.web.ApiErrors.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the API's JSON error body from servlet filters (auth, rate limits, body size), which run
 * before Spring MVC's {@link ApiErrors} can see a request.
 */
public final class ErrorWriter {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ErrorWriter() {}

  public static void write(HttpServletResponse response, HttpStatus status, String message)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    MAPPER.writeValue(
        response.getOutputStream(), new ErrorBody(ApiErrors.code(status), null, message));
  }
}
