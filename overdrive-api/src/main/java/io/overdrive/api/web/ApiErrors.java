package io.overdrive.api.web;

import io.overdrive.domain.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;

/**
 * Bad input becomes a 400 that names the offending field in the JSON's own (snake_case) terms:
 * {@code {"error": "invalid_request", "field": "candidate_items[3].quality_score", "message":
 * ...}}.
 */
@RestControllerAdvice
public class ApiErrors {

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

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof DatabindException de && !de.getPath().isEmpty()) {
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
      return bad(path.toString(), "has the wrong type or format: " + de.getOriginalMessage());
    }
    return bad("$", "the body is not valid JSON");
  }

  static ResponseEntity<ErrorBody> bad(String field, String message) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new ErrorBody("invalid_request", field, message));
  }

  /** {@code candidateItems[3].qualityScore} -> {@code candidate_items[3].quality_score}. */
  static String snake(String javaPath) {
    return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
