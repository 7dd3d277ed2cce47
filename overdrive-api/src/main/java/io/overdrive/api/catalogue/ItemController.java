package io.overdrive.api.catalogue;

import io.overdrive.api.ranking.ForYouRequest;
import io.overdrive.catalogue.CatalogueSink;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventLimits;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.ranking.RequestLimits;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The item catalogue: {@code POST /items} (one item or an array of up to 1000, upserted by id),
 * {@code GET /items/{item_id}} (the record and its engagement), {@code DELETE /items/{item_id}}
 * (takedown: never served again, removed from every index). Standalone, changes are applied before
 * the answer (200); with Kafka they are published to the items topic and answered 202 once the
 * broker acknowledged them (decision 0204).
 */
@RestController
@Tag(name = "items", description = "the item catalogue: posts, their engagement, takedowns")
public class ItemController {
  private static final Logger log = LoggerFactory.getLogger(ItemController.class);

  private final CatalogueSink sink;
  private final FeatureStore store;
  private final Clock clock;

  public ItemController(CatalogueSink sink, FeatureStore store, Clock clock) {
    this.sink = sink;
    this.store = store;
    this.clock = clock;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ItemsResponse(int accepted, int applied, String sink) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TakedownResponse(String id, boolean takenDown, boolean applied, String sink) {}

  /**
   * What the catalogue holds about an item.
   *
   * @param catalogued whether a record was posted (an item known only from events has none)
   * @param stats engagement counted from events, all users
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ItemView(
      String id,
      boolean catalogued,
      String authorId,
      String content,
      List<String> hashtags,
      List<String> mediaTypes,
      Instant createdAt,
      Double engagementRate,
      Double qualityScore,
      Stats stats) {}

  /**
   * @param learnedEngagementRate engagements per impression, smoothed toward the item's (or the
   *     feed's) prior: what the ranking uses
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Stats(
      long impressions,
      long views,
      long likes,
      long shares,
      long comments,
      long follows,
      long skips,
      long notInterested,
      long reports,
      long dwellMsTotal,
      double learnedEngagementRate,
      double recentEngagementRate) {
    static Stats of(Item item, ItemStats s, Instant now) {
      EngagementFeatures e = EngagementFeatures.of(item, s, now);
      return new Stats(
          s.impressions(),
          s.views(),
          s.likes(),
          s.shares(),
          s.comments(),
          s.follows(),
          s.skips(),
          s.notInterested(),
          s.reports(),
          s.dwellMsTotal(),
          e.engagementRate(),
          e.recentEngagementRate());
    }
  }

  @PostMapping("/items")
  @Operation(
      summary = "Post items: one object or an array of up to 1000, added or replaced by id",
      description =
          "The For You candidate schema; id is required, created_at defaults to the time of"
              + " acceptance. All items are validated before any is accepted. Standalone: applied"
              + " before the response (200). Kafka: 202 once the broker acknowledged.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema =
                          @Schema(
                              oneOf = {
                                ForYouRequest.CandidateItem.class,
                                ForYouRequest.CandidateItem[].class
                              }))))
  public ResponseEntity<ItemsResponse> post(@RequestBody JsonNode body) {
    Instant now = clock.instant();
    List<ItemChange> changes = new ArrayList<>();
    for (Item item : parse(body)) {
      changes.add(
          ItemChange.upsert(item.createdAt() == null ? withCreatedAt(item, now) : item, now));
    }
    CatalogueSink.Receipt r = sink.items(changes);
    return ResponseEntity.status(r.queued() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(new ItemsResponse(r.accepted(), r.queued() ? 0 : r.accepted(), sink.describe()));
  }

  @GetMapping("/items/{item_id}")
  @Operation(summary = "An item's record and engagement; 404 unknown, 410 taken down")
  public ItemView get(
      @PathVariable("item_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String itemId) {
    ItemRecord r = existing(itemId);
    Item i = r.item();
    return new ItemView(
        itemId,
        r.known(),
        i.authorId(),
        i.text(),
        i.hashtags(),
        i.mediaTypes(),
        i.createdAt(),
        i.engagementRate(),
        i.qualityScore(),
        Stats.of(i, r.stats(), clock.instant()));
  }

  @DeleteMapping("/items/{item_id}")
  @Operation(
      summary = "Take an item down: never served again, removed from every index",
      description =
          "Also when a request names it as a candidate. 404 when nothing is stored about it, 410"
              + " when it is already down. Standalone: applied (200); Kafka: 202 once the broker"
              + " acknowledged. Posting the id again restores it.")
  public ResponseEntity<TakedownResponse> delete(
      @PathVariable("item_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String itemId) {
    existing(itemId);
    CatalogueSink.Receipt r = sink.items(List.of(ItemChange.takedown(itemId, clock.instant())));
    log.info("Item {} taken down ({})", itemId, sink.describe());
    return ResponseEntity.status(r.queued() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(new TakedownResponse(itemId, true, !r.queued(), sink.describe()));
  }

  /** The item's record: 404 when nothing is stored about it, 410 when it was taken down. */
  private ItemRecord existing(String itemId) {
    ItemRecord r = store.items(List.of(itemId)).get(itemId);
    if (r != null && r.takenDown()) {
      throw new ResponseStatusException(
          HttpStatus.GONE, "item '" + itemId + "' was taken down at " + r.takenDownAt());
    }
    if (r == null || (!r.known() && r.stats().equals(ItemStats.EMPTY))) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "nothing is stored about item '" + itemId + "'");
    }
    return r;
  }

  static List<Item> parse(JsonNode body) {
    if (body == null || body.isNull()) {
      throw new InvalidInputException("$", "body must be an item object or an array of them");
    }
    if (!body.isArray()) {
      return List.of(CatalogueJson.itemFromNode(body, ""));
    }
    if (body.isEmpty()) {
      throw new InvalidInputException("$", "empty array: send at least one item");
    }
    if (body.size() > RequestLimits.MAX_CANDIDATES) {
      throw new InvalidInputException(
          "$", "at most " + RequestLimits.MAX_CANDIDATES + " items per request");
    }
    List<Item> out = new ArrayList<>(body.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      Item item = CatalogueJson.itemFromNode(body.get(i), "[" + i + "]");
      if (!ids.add(item.id())) {
        throw new InvalidInputException(
            "[" + i + "].id", "duplicate id '" + item.id() + "' in this request");
      }
      out.add(item);
    }
    return out;
  }

  private static Item withCreatedAt(Item i, Instant at) {
    return new Item(
        i.id(),
        i.authorId(),
        i.text(),
        i.hashtags(),
        i.mediaTypes(),
        at,
        i.engagementRate(),
        i.qualityScore());
  }
}
