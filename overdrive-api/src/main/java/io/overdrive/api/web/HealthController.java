package io.overdrive.api.web;

import io.overdrive.events.EventSink;
import io.overdrive.store.FeatureStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: up when the feature store answers; says which mode runs. */
@RestController
public class HealthController {
  private final FeatureStore store;
  private final EventSink sink;

  public HealthController(FeatureStore store, EventSink sink) {
    this.store = store;
    this.sink = sink;
  }

  @GetMapping("/health")
  public ResponseEntity<Map<String, Object>> health() {
    boolean up;
    try {
      up = store.ping();
    } catch (RuntimeException e) {
      up = false;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("feature_store", store.describe());
    body.put("events", sink.describe());
    return ResponseEntity.status(up ? 200 : 503).body(body);
  }
}
