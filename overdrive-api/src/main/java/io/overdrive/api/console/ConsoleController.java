package io.overdrive.api.console;

import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.api.demo.DemoData;
import io.overdrive.api.demo.DemoData.DemoUser;
import io.overdrive.api.retrieval.RetrievalProperties;
import io.overdrive.api.security.AuthProperties;
import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.events.EventLimits;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the console needs beyond the public API: how this deployment is wired, catalogue records for
 * feed cards, the model versions, and the services' metrics. Behind the {@code admin} scope when
 * auth is on ({@code SecurityConfiguration}).
 */
@RestController
@Tag(name = "console", description = "data for the operators' console at /console")
public class ConsoleController {
  /** Items one card request may name: a feed page is at most 100 items. */
  static final int MAX_ITEMS = 100;

  /** How many of the newest items a search reads: a look-up aid, not a search index. */
  static final int SEARCHED = 5_000;

  private final OverdriveProperties props;
  private final RetrievalProperties retrieval;
  private final AuthProperties auth;
  private final FeatureStore store;
  private final DemoData demo;
  private final ModelHistory models;
  private final ServiceMetrics metrics;
  private final RecentCatalogue catalogue;

  public ConsoleController(
      OverdriveProperties props,
      RetrievalProperties retrieval,
      AuthProperties auth,
      FeatureStore store,
      DemoData demo,
      ModelHistory models,
      ServiceMetrics metrics,
      RecentCatalogue catalogue) {
    this.props = props;
    this.retrieval = retrieval;
    this.auth = auth;
    this.store = store;
    this.demo = demo;
    this.models = models;
    this.metrics = metrics;
    this.catalogue = catalogue;
  }

  /**
   * How this API is wired.
   *
   * @param mode "standalone" (memory, in-process) or "distributed" (Redis, Kafka or serving node)
   * @param metrics each service whose metrics the console reads, and from where ("" = not set)
   * @param demoUsers the demo world's users, when it is loaded
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Overview(
      String mode,
      String store,
      String events,
      String retrieval,
      boolean auth,
      boolean experimentsFile,
      String modelVersion,
      Map<String, String> metrics,
      List<DemoUser> demoUsers) {}

  /**
   * A catalogue record as a feed card shows it; {@code known} false = no record was posted, {@code
   * takenDownAt} set = taken down (never served again).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Card(
      String id,
      boolean known,
      String authorId,
      String content,
      List<String> hashtags,
      List<String> mediaTypes,
      Instant createdAt,
      long impressions,
      long likes,
      long shares,
      long comments,
      Instant takenDownAt) {
    static Card of(String id, ItemRecord r) {
      Item i = r.item();
      ItemStats s = r.stats();
      return new Card(
          id,
          r.known(),
          i.authorId(),
          i.text(),
          i.hashtags(),
          i.mediaTypes(),
          i.createdAt(),
          s.impressions(),
          s.likes(),
          s.shares(),
          s.comments(),
          r.takenDownAt());
    }
  }

  @GetMapping("/console/api/overview")
  @Operation(summary = "How this API is wired: store, events, retrieval, auth, demo users")
  public Overview overview() {
    boolean distributed = props.redisEnabled() || props.kafkaEnabled() || retrieval.remote();
    return new Overview(
        distributed ? "distributed" : "standalone",
        store.describe(),
        props.kafkaEnabled() ? "kafka " + props.kafkaBrokers() : "in-process",
        retrieval.remote() ? "serving node " + retrieval.servingAddr() : "in-process",
        auth.enabled(),
        props.experimentsEnabled(),
        models.list().inUse(),
        metrics.sources(),
        demo.users());
  }

  @GetMapping("/console/api/items")
  @Operation(summary = "Catalogue records and engagement counts of up to 100 items, for cards")
  public List<Card> items(@RequestParam("id") List<String> ids) {
    LinkedHashSet<String> unique = new LinkedHashSet<>(ids);
    if (unique.size() > MAX_ITEMS) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "id: at most " + MAX_ITEMS + " items, got " + unique.size());
    }
    for (String id : unique) {
      if (id.isBlank() || id.length() > EventLimits.MAX_ID_LENGTH) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST,
            "id: each must be 1.." + EventLimits.MAX_ID_LENGTH + " characters");
      }
    }
    Map<String, ItemRecord> records = store.items(unique);
    List<Card> out = new ArrayList<>();
    for (String id : unique) {
      out.add(Card.of(id, records.getOrDefault(id, ItemRecord.unknown(id))));
    }
    return out;
  }

  @GetMapping("/console/api/items/search")
  @Operation(
      summary = "Items among the newest this API knows whose id, author, text or hashtags match")
  public List<Card> search(
      @RequestParam("q") String query,
      @RequestParam(name = "limit", defaultValue = "20") int limit) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty() || q.length() > 200) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q: 1..200 characters");
    }
    if (limit < 1 || limit > MAX_ITEMS) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit: 1.." + MAX_ITEMS);
    }
    List<String> newest =
        catalogue.newest(SEARCHED, Set.of()).stream().map(ScoredItem::itemId).toList();
    List<Card> out = new ArrayList<>();
    for (int from = 0; from < newest.size() && out.size() < limit; from += MAX_ITEMS) {
      List<String> chunk = newest.subList(from, Math.min(newest.size(), from + MAX_ITEMS));
      Map<String, ItemRecord> records = store.items(chunk);
      for (String id : chunk) {
        ItemRecord r = records.get(id);
        if (r != null && matches(id, r.item(), q) && out.size() < limit) {
          out.add(Card.of(id, r));
        }
      }
    }
    return out;
  }

  private static boolean matches(String id, Item i, String q) {
    return id.toLowerCase(Locale.ROOT).contains(q)
        || (i.authorId() != null && i.authorId().toLowerCase(Locale.ROOT).contains(q))
        || (i.text() != null && i.text().toLowerCase(Locale.ROOT).contains(q))
        || i.hashtags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q));
  }

  @GetMapping("/console/api/models")
  @Operation(summary = "Model versions, newest first, with the trainer's metrics rows")
  public ModelHistory.Models models() {
    return models.list();
  }

  @GetMapping("/console/api/models/{version}/training-curves.png")
  @Operation(summary = "A version's training curves (loss, validation NDCG@10 per epoch)")
  public ResponseEntity<Resource> curves(@PathVariable("version") String version) {
    return models
        .curves(version)
        .<ResponseEntity<Resource>>map(
            f ->
                ResponseEntity.ok()
                    .contentType(MediaType.IMAGE_PNG)
                    .body(new FileSystemResource(f)))
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no training curves for version '" + version + "'"));
  }

  @GetMapping(value = "/console/api/metrics/{service}", produces = MediaType.TEXT_PLAIN_VALUE)
  @Operation(
      summary = "A service's Prometheus metrics (api, consumer, serving), as it exposes them")
  public String metrics(@PathVariable("service") String service) {
    return metrics.scrape(service);
  }
}
