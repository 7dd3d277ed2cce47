package io.overdrive.importer;

import io.overdrive.catalogue.UserChange;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.importer.ImportFile.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads an archive's {@code users*.jsonl}, {@code items*.jsonl} and {@code events*.jsonl} (plain or
 * gzip; the archive format of docs/architecture.md) into a running deployment through its REST API,
 * the path every client's data takes: profiles by {@code PUT /users/{id}} (erasures by {@code
 * DELETE}), items by {@code POST /items} in batches (takedowns by {@code DELETE /items/{id}}),
 * events by {@code POST /events} in batches. Profiles go first, then items, then events, so events
 * find their items.
 *
 * <ul>
 *   <li><b>Rejects</b>: a line the API refuses (400 naming {@code [i].field}) is recorded with its
 *       file and line and taken out of its batch, and the rest is sent again; a line that is not
 *       JSON is rejected without being sent. Rejects are appended to {@code <checkpoint>.rejects}
 *       and summed up in the {@link Report}.
 *   <li><b>Resumable</b>: after each answered batch the checkpoint records how far each file got;
 *       run the same command again and it continues there (a batch sent but not recorded is sent
 *       again: the API counts an event id once and replaces items and profiles by id).
 *   <li><b>Patient</b>: 429 and 503 (and a connection failure) are retried after {@code
 *       Retry-After} or a growing back-off, up to {@link Options#attempts()} times; then the import
 *       stops with the checkpoint in place.
 * </ul>
 *
 * <p>A library call ({@link #run}) as well as the command {@code overdrive-api.jar import} ({@link
 * ImportCommand}).
 */
public final class BulkImporter {
  private static final ObjectMapper JSON = new JsonMapper();
  private static final Pattern INDEX = Pattern.compile("^\\[(\\d+)]");
  private static final int MAX_BATCH = 1000;

  /**
   * @param api the deployment's base URL, e.g. {@code http://localhost:8088}
   * @param token a bearer token (scopes {@code events} and {@code catalogue}, or {@code admin}), or
   *     null when auth is off
   * @param batchSize items or events per request, 1..1000 (profiles: requests in flight at once)
   * @param checkpoint where progress is kept (rejects go to {@code <checkpoint>.rejects})
   * @param attempts tries of one request before the import stops (429, 503, network errors)
   * @param progress where the progress bar and summary go, or null for none
   */
  public record Options(
      URI api,
      String token,
      int batchSize,
      Path checkpoint,
      int attempts,
      Duration requestTimeout,
      PrintStream progress) {
    public Options {
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(checkpoint, "checkpoint");
      if (batchSize < 1 || batchSize > MAX_BATCH) {
        throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH);
      }
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1");
      }
    }

    public static Options defaults(URI api, Path checkpoint) {
      return new Options(api, null, 500, checkpoint, 8, Duration.ofSeconds(60), null);
    }

    public Options withProgress(PrintStream out) {
      return new Options(api, token, batchSize, checkpoint, attempts, requestTimeout, out);
    }

    public Options withToken(String t) {
      return new Options(api, t, batchSize, checkpoint, attempts, requestTimeout, progress);
    }

    public Options withBatchSize(int n) {
      return new Options(api, token, n, checkpoint, attempts, requestTimeout, progress);
    }
  }

  /** A line the API (or the JSON parser) refused. */
  public record Reject(Path file, long line, String field, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + (field == null ? "" : field + ": ") + message;
    }
  }

  /**
   * What an import did in this run (lines skipped as done by an earlier run are {@code resumed}).
   *
   * @param rejects this run's rejects; {@code rejectsFile} holds every run's
   */
  public record Report(
      Map<Kind, Long> accepted,
      long rejected,
      long resumed,
      List<Reject> rejects,
      Path rejectsFile,
      Duration took) {
    public long accepted(String kind) {
      return accepted.getOrDefault(Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), 0L);
    }
  }

  /** The import stopped: the API kept failing, or the input cannot be read. */
  public static final class ImportFailedException extends RuntimeException {
    ImportFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Options options;
  private final HttpClient http;
  private final ImportCheckpoint checkpoint;
  private final Path rejectsFile;
  private final List<Reject> rejects = new ArrayList<>();
  private final Map<Kind, Long> accepted = new EnumMap<>(Kind.class);
  private ImportProgress bar;

  public BulkImporter(Options options) {
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.checkpoint = ImportCheckpoint.load(options.checkpoint());
    this.rejectsFile =
        options.checkpoint().resolveSibling(options.checkpoint().getFileName() + ".rejects");
  }

  /**
   * Imports the files (and every archive file under the directories) given.
   *
   * @throws ImportFailedException when the API keeps failing (the checkpoint lets a rerun resume)
   */
  public Report run(List<Path> paths) {
    long t0 = System.nanoTime();
    List<ImportFile> files = ImportFile.of(paths);
    long total = 0;
    long resumed = 0;
    List<Long> done = new ArrayList<>();
    try {
      for (ImportFile f : files) {
        long lines = EventArchive.lines(f.path()).size();
        long d = Math.min(lines, checkpoint.linesDone(f.path()));
        total += lines;
        resumed += d;
        done.add(d);
      }
    } catch (IOException e) {
      throw new ImportFailedException("cannot read the input: " + e.getMessage(), e);
    }
    bar = new ImportProgress(options.progress(), total, resumed);
    for (int k = 0; k < files.size(); k++) {
      importFile(files.get(k), done.get(k));
    }
    bar.finish();
    Report report =
        new Report(
            Map.copyOf(accepted),
            rejects.size(),
            resumed,
            List.copyOf(rejects),
            rejectsFile,
            Duration.ofNanos(System.nanoTime() - t0));
    if (options.progress() != null) {
      summary(options.progress(), report);
    }
    return report;
  }

  private void importFile(ImportFile f, long skip) {
    List<String> lines = EventArchive.lines(f.path());
    List<Line> batch = new ArrayList<>();
    for (int n = (int) skip; n < lines.size(); n++) {
      Line line = new Line(f.path(), n + 1, lines.get(n));
      if (line.text().isBlank()) {
        batch.add(line.skipped());
        continue;
      }
      batch.add(line);
      if (batch.size() == options.batchSize()) {
        send(f.kind(), batch);
        checkpoint.done(f.path(), n + 1);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      send(f.kind(), batch);
    }
    checkpoint.done(f.path(), lines.size());
  }

  /** A line of an input file; {@code node} is its JSON once parsed. */
  private record Line(Path file, long number, String text, boolean blank) {
    Line(Path file, long number, String text) {
      this(file, number, text, false);
    }

    Line skipped() {
      return new Line(file, number, text, true);
    }
  }

  private void send(Kind kind, List<Line> batch) {
    List<Line> lines = new ArrayList<>();
    List<JsonNode> nodes = new ArrayList<>();
    for (Line l : batch) {
      if (l.blank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(l.text());
        if (n == null || !n.isObject()) {
          reject(l, "$", "expected a JSON object");
          continue;
        }
        lines.add(l);
        nodes.add(n);
      } catch (JacksonException e) {
        reject(l, "$", "not valid JSON: " + e.getOriginalMessage());
      }
    }
    switch (kind) {
      case USERS -> sendUsers(lines, nodes);
      case ITEMS -> sendItems(lines, nodes);
      case EVENTS -> sendBatches("/events", Kind.EVENTS, lines, nodes);
    }
    bar.advance(batch.size(), rejects.size());
  }

  /** Items in order: runs of records go in batches, each takedown on its own in between. */
  private void sendItems(List<Line> lines, List<JsonNode> nodes) {
    int start = 0;
    for (int k = 0; k <= nodes.size(); k++) {
      boolean takedown = k < nodes.size() && nodes.get(k).path("taken_down").asBoolean(false);
      if (k == nodes.size() || takedown) {
        sendBatches("/items", Kind.ITEMS, lines.subList(start, k), nodes.subList(start, k));
        start = k + 1;
      }
      if (takedown) {
        String id = nodes.get(k).path("id").asString("");
        Answer a = call(request("/items/" + encode(id)).DELETE().build(), lines.get(k));
        if (a.ok() || a.status() == 404 || a.status() == 410) {
          count(Kind.ITEMS, 1);
        } else {
          reject(lines.get(k), a.field(), a.message());
        }
      }
    }
  }

  /** One request for the batch; a 400 naming {@code [i]} rejects that line and resends the rest. */
  private void sendBatches(String path, Kind kind, List<Line> lines, List<JsonNode> nodes) {
    List<Line> ls = new ArrayList<>(lines);
    List<JsonNode> ns = new ArrayList<>(nodes);
    while (!ns.isEmpty()) {
      String body = JSON.writeValueAsString(JSON.valueToTree(ns));
      Answer a = call(post(path, body), ls.get(0));
      if (a.ok()) {
        count(kind, ns.size());
        return;
      }
      if (a.status() == 413 && ns.size() > 1) {
        // over the API's body limit: send it in halves
        int half = ns.size() / 2;
        sendBatches(path, kind, ls.subList(0, half), ns.subList(0, half));
        sendBatches(path, kind, ls.subList(half, ls.size()), ns.subList(half, ns.size()));
        return;
      }
      Matcher m = a.field() == null ? null : INDEX.matcher(a.field());
      if (a.status() == 400 && m != null && m.find()) {
        int i = Integer.parseInt(m.group(1));
        if (i < ns.size()) {
          reject(ls.get(i), a.field().substring(m.end()).replaceFirst("^\\.", ""), a.message());
          ls.remove(i);
          ns.remove(i);
          continue;
        }
      }
      // the batch as a whole was refused: every line of it is a reject, with the reason
      for (Line l : ls) {
        reject(l, a.field(), a.message());
      }
      return;
    }
  }

  /** Profiles one request each, {@code batchSize} in flight; erasures are {@code DELETE}s. */
  private void sendUsers(List<Line> lines, List<JsonNode> nodes) {
    Semaphore inFlight = new Semaphore(Math.min(options.batchSize(), 16));
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) {
      Line line = lines.get(k);
      UserChange change;
      try {
        change = CatalogueJson.parseUserChange(line.text());
      } catch (io.overdrive.domain.InvalidInputException e) {
        reject(line, e.field(), e.getMessage());
        continue;
      }
      HttpRequest r;
      if (change.isErasure()) {
        r = request("/users/" + encode(change.userId())).DELETE().build();
      } else {
        ObjectNode body = JSON.createObjectNode();
        change.profile().interests().forEach(body.putArray("interests")::add);
        body.put("bio", change.profile().bio());
        change.profile().follows().forEach(body.putArray("follows")::add);
        r =
            request("/users/" + encode(change.userId()))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
      }
      inFlight.acquireUninterruptibly();
      boolean erasure = change.isErasure();
      all.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  Answer a = call(r, line);
                  if (a.ok() || (erasure && a.status() == 404)) {
                    count(Kind.USERS, 1);
                  } else {
                    reject(line, a.field(), a.message());
                  }
                } finally {
                  inFlight.release();
                }
              }));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof ImportFailedException f ? f : e;
    }
  }

  /** The API's answer: 2xx, or the error body's field and message. */
  private record Answer(int status, String field, String message) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  /** Sends with retries on 429, 503 and connection failures; 4xx other than 429 is an answer. */
  private Answer call(HttpRequest request, Line first) {
    Duration wait = Duration.ofMillis(250);
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        int s = r.statusCode();
        if (s != 429 && s != 503 && s / 100 != 5) {
          return answer(s, r.body());
        }
        problem = "HTTP " + s + " " + r.body();
        wait = r.headers().firstValue("retry-after").map(this::seconds).orElse(wait);
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportFailedException("interrupted", e);
      }
      if (attempt >= options.attempts()) {
        throw new ImportFailedException(
            request.method()
                + " "
                + request.uri()
                + " failed "
                + attempt
                + " times (last: "
                + problem
                + ") at "
                + first.file()
                + ":"
                + first.number()
                + "; run the same command again to resume from the checkpoint "
                + checkpoint.file(),
            null);
      }
      sleep(wait);
      wait = Duration.ofMillis(Math.min(wait.toMillis() * 2, 30_000));
    }
  }

  private Duration seconds(String header) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static Answer answer(int status, String body) {
    if (status / 100 == 2) {
      return new Answer(status, null, null);
    }
    try {
      JsonNode n = JSON.readTree(body);
      return new Answer(
          status,
          n.path("field").isString() ? n.path("field").asString() : null,
          n.path("message").asString("HTTP " + status));
    } catch (JacksonException e) {
      return new Answer(status, null, "HTTP " + status + ": " + body);
    }
  }

  private HttpRequest post(String path, String body) {
    return request(path)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(options.api().resolve(path)).timeout(options.requestTimeout());
    if (options.token() != null) {
      b.header("authorization", "Bearer " + options.token());
    }
    return b;
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private synchronized void count(Kind kind, long n) {
    accepted.merge(kind, n, Long::sum);
  }

  private synchronized void reject(Line line, String field, String message) {
    Reject r = new Reject(line.file(), line.number(), field, message);
    rejects.add(r);
    try {
      Files.writeString(
          rejectsFile,
          r + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + rejectsFile, e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportFailedException("interrupted", e);
    }
  }

  /** The summary a person reads at the end. */
  static void summary(PrintStream out, Report r) {
    out.printf(
        "Imported %d profiles, %d items, %d events in %.1f s (%d lines done by an earlier run);"
            + " %d rejected%n",
        r.accepted().getOrDefault(Kind.USERS, 0L),
        r.accepted().getOrDefault(Kind.ITEMS, 0L),
        r.accepted().getOrDefault(Kind.EVENTS, 0L),
        r.took().toMillis() / 1000.0,
        r.resumed(),
        r.rejected());
    int shown = Math.min(20, r.rejects().size());
    for (int k = 0; k < shown; k++) {
      out.println("  rejected " + r.rejects().get(k));
    }
    if (r.rejected() > shown) {
      out.println("  ... " + (r.rejected() - shown) + " more");
    }
    if (r.rejected() > 0) {
      out.println("  every reject (this run and earlier ones): " + r.rejectsFile());
    }
  }
}
