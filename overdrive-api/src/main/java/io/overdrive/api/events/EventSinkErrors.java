package io.overdrive.api.events;

import io.overdrive.api.web.ApiErrors.ErrorBody;
import io.overdrive.events.EventSink.SinkUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@code POST /events} when the event sink cannot take the events (Kafka unreachable or not
 * acknowledging): 503 with a message saying nothing can be assumed accepted and to retry with the
 * same event ids, and a {@code Retry-After}.
 */
@RestControllerAdvice(assignableTypes = EventController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EventSinkErrors {
  private static final Logger log = LoggerFactory.getLogger(EventSinkErrors.class);

  @ExceptionHandler(SinkUnavailableException.class)
  ResponseEntity<ErrorBody> unavailable(SinkUnavailableException e) {
    log.warn("POST /events refused: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(new ErrorBody("unavailable", null, e.getMessage()));
  }
}
