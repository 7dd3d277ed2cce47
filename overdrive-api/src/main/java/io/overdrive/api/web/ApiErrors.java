package io.overdrive.api.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.EventSink.SinkUnavailableException;
import io.overdrive.store.StoreUnavailableException;
import jakarta.validation.ConstraintViolationException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error is a JSON body {@code {"error", "field", "message"}}. Bad input becomes a 400 that
 * names the offending field in the JSON's own (snake_case) terms, e.g. {@code
 * candidate_items[3].quality_score}; nothing a caller sends can produce a 500.
 */
@RestControllerAdvice
public class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  public static final String ERRORS_METRIC = "overdrive.api.errors";
  public static final String STORE_UNAVAILABLE_METRIC = "overdrive.store.unavailable";

  private final MeterRegistry registry;

  public ApiErrors(MeterRegistry registry) {
    this.registry = registry;
    // at zero from the start, so an alert on them has a series before the first failure
    registry.counter(STORE_UNAVAILABLE_METRIC, "reason", "out_of_memory");
    registry.counter(STORE_UNAVAILABLE_METRIC, "reason", "unreachable");
  }

  /**
   * The error body of every non-2xx answer of the API.
   *
   * @param error a stable code: invalid_request, payload_too_large, not_found, unauthorized, ...
   * @param field the offending field as a JSON path (snake_case), or null when no field is at fault
   * @param message what is wrong, in words a caller can act on
   */
  public record ErrorBody(String error, String field, String message) {}

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ErrorBody> invalid(InvalidInputException e) {
    return bad(e.field(), e.getMessage());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
    FieldError f = e.getBindingResult().getFieldError();
    if (f == null) {
      return bad("$", e.getBindingResult().getAllErrors().get(0).getDefaultMessage());
    }
    return bad(snake(f.getField()), f.getDefaultMessage());
  }

  /** Constraints on path variables and query parameters, e.g. a user id over 128 characters. */
  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ErrorBody> invalid(HandlerMethodValidationException e) {
    for (ParameterValidationResult r : e.getParameterValidationResults()) {
      if (r instanceof ParameterErrors errors && errors.getFieldError() != null) {
        FieldError f = errors.getFieldError();
        return bad(snake(f.getField()), f.getDefaultMessage());
      }
      String name = r.getMethodParameter().getParameterName();
      var pathVariable =
          r.getMethodParameter()
              .getParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
      if (pathVariable != null && !pathVariable.value().isEmpty()) {
        name = pathVariable.value();
      }
      String message =
          r.getResolvableErrors().stream()
              .map(MessageSourceResolvable::getDefaultMessage)
              .findFirst()
              .orElse("is invalid");
      return bad(snake(name == null ? "$" : name), message);
    }
    return bad("$", "invalid request");
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ErrorBody> invalid(ConstraintViolationException e) {
    var v = e.getConstraintViolations().iterator().next();
    String path = v.getPropertyPath().toString();
    return bad(snake(path.substring(path.lastIndexOf('.') + 1)), v.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ErrorBody> mismatch(MethodArgumentTypeMismatchException e) {
    return bad(snake(e.getName()), "has the wrong type or format");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ErrorBody> missing(MissingServletRequestParameterException e) {
    return bad(e.getParameterName(), "is required");
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
    BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
    if (tooLarge != null) {
      return error(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", null, tooLarge.getMessage());
    }
    Throwable cause = e.getCause();
    if (cause instanceof MismatchedInputException mi) {
      return bad(jsonPath(mi), "must be " + expected(mi.getTargetType()));
    }
    if (cause instanceof InputCoercionException ice) {
      return bad(jsonPath(ice), "is out of range for " + expected(ice.getTargetType()));
    }
    if (cause instanceof DatabindException de) {
      return bad(jsonPath(de), "has the wrong type or format");
    }
    if (cause instanceof JacksonException je) {
      return bad("$", "the body is not valid JSON: " + je.getOriginalMessage());
    }
    return bad("$", "a JSON body is required");
  }

  /** What a Java target type is called in JSON terms, for a caller who never saw the Java. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == java.time.Instant.class) {
      return "an ISO-8601 instant like 2026-11-26T10:00:00Z";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
    return error(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        null,
        "send the body as JSON with 'Content-Type: application/json'");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
    ResponseEntity<ErrorBody> r =
        error(
            HttpStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            null,
            e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods());
    HttpHeaders headers = new HttpHeaders();
    if (e.getSupportedHttpMethods() != null) {
      headers.setAllow(e.getSupportedHttpMethods());
    }
    return ResponseEntity.status(r.getStatusCode()).headers(headers).body(r.getBody());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ErrorBody> noRoute(NoResourceFoundException e) {
    return error(
        HttpStatus.NOT_FOUND,
        "not_found",
        null,
        "no endpoint at /" + e.getResourcePath() + "; see /v3/api-docs");
  }

  /**
   * Redis down or refusing writes: 503, counted in {@value #STORE_UNAVAILABLE_METRIC} by reason
   * ({@code out_of_memory} when Redis reached its maxmemory: alert on it, it does not pass by
   * itself; {@code unreachable} otherwise).
   */
  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<ErrorBody> storeDown(StoreUnavailableException e) {
    boolean oom = e.outOfMemory();
    registry
        .counter(STORE_UNAVAILABLE_METRIC, "reason", oom ? "out_of_memory" : "unreachable")
        .increment();
    if (oom) {
      log.error(
          "Redis is out of memory (maxmemory reached); writes are refused: {}", e.getMessage());
    } else {
      log.warn("Feature store unavailable: {}", e.getMessage());
    }
    ResponseEntity<ErrorBody> r =
        error(
            HttpStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            null,
            oom
                ? "the feature store is out of memory (Redis maxmemory reached); nothing was"
                    + " accepted; retry later"
                : "the feature store is unavailable; retry later");
    return ResponseEntity.status(r.getStatusCode())
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(r.getBody());
  }

  @ExceptionHandler(SinkUnavailableException.class)
  ResponseEntity<ErrorBody> sinkDown(SinkUnavailableException e) {
    log.warn("Event sink unavailable: {}", e.getMessage());
    ResponseEntity<ErrorBody> r =
        error(
            HttpStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            null,
            "events were not accepted (" + e.getMessage() + "); retry later");
    return ResponseEntity.status(r.getStatusCode())
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(r.getBody());
  }

  /** {@code ResponseStatusException} and the rest of Spring's own errors keep their status. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorBody> other(Exception e) {
    if (e instanceof ErrorResponse er) {
      HttpStatusCode status = er.getStatusCode();
      String detail = er.getBody().getDetail();
      return error(status, code(status), null, detail == null ? e.getMessage() : detail);
    }
    log.error("Unexpected error", e);
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        null,
        "an unexpected error occurred; it has been logged");
  }

  ResponseEntity<ErrorBody> bad(String field, String message) {
    return error(HttpStatus.BAD_REQUEST, "invalid_request", field, message);
  }

  private ResponseEntity<ErrorBody> error(
      HttpStatusCode status, String code, String field, String message) {
    count(registry, code);
    return ResponseEntity.status(status).body(new ErrorBody(code, field, message));
  }

  /** Counts one error answer, whichever part of the API wrote it. */
  static void count(MeterRegistry registry, String code) {
    registry.counter(ERRORS_METRIC, "error", code).increment();
  }

  /** The stable error code of a status, as used in every error body. */
  public static String code(HttpStatusCode status) {
    HttpStatus s = HttpStatus.resolve(status.value());
    return switch (s == null ? HttpStatus.INTERNAL_SERVER_ERROR : s) {
      case BAD_REQUEST -> "invalid_request";
      case UNAUTHORIZED -> "unauthorized";
      case FORBIDDEN -> "forbidden";
      case NOT_FOUND -> "not_found";
      case METHOD_NOT_ALLOWED -> "method_not_allowed";
      case CONTENT_TOO_LARGE -> "payload_too_large";
      case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
      case TOO_MANY_REQUESTS -> "rate_limited";
      case SERVICE_UNAVAILABLE -> "unavailable";
      default ->
          status.is4xxClientError()
              ? s.name().toLowerCase(Locale.ROOT)
              : status.is5xxServerError() ? "internal_error" : "error";
    };
  }

  private static String jsonPath(JacksonException de) {
    StringBuilder path = new StringBuilder();
    for (var ref : de.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "$" : path.toString();
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** {@code candidateItems[3].qualityScore} -> {@code candidate_items[3].quality_score}. */
  static String snake(String javaPath) {
    return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
