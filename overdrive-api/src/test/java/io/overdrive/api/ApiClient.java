package io.overdrive.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client against the running app, so tests see exactly what a caller sees. */
public final class ApiClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  public ApiClient(int port) {
    this("http://localhost:" + port, null);
  }

  private ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same client, sending {@code Authorization: Bearer <token>}. */
  public ApiClient withToken(String token) {
    return new ApiClient(base, token);
  }

  public record Response(int status, HttpResponse<String> raw) {
    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Response get(String path) {
    return send("GET", path, BodyPublishers.noBody(), null);
  }

  public Response delete(String path) {
    return send("DELETE", path, BodyPublishers.noBody(), null);
  }

  public Response post(String path, String json) {
    return send("POST", path, BodyPublishers.ofString(json), "application/json");
  }

  /** A POST with extra headers, given as name, value, name, value, ... */
  public Response post(String path, String json, String... headers) {
    return send("POST", path, BodyPublishers.ofString(json), "application/json", headers);
  }

  public Response put(String path, String json) {
    return send("PUT", path, BodyPublishers.ofString(json), "application/json");
  }

  public Response send(
      String method, String path, BodyPublisher body, String contentType, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), BodyHandlers.ofString());
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String json(Object value) {
    return JSON.writeValueAsString(value);
  }
}
