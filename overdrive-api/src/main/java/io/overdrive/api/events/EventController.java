package io.overdrive.api.events;

import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.EventJson;
import io.overdrive.events.EventLimits;
import io.overdrive.events.EventSink;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.retrieval.RecentCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /events}: one interaction or a JSON array of them. All are validated before any is
 * accepted, so a bad event in a batch rejects the batch with the offending index and field.
 * Standalone: applied before the response (200). Kafka: 202 once the broker acknowledged.
 */
@RestController
@Tag(name = "events", description = "interactions the ranking learns from")
public class EventController {
  private final EventSink sink;
  private final OverdriveProperties props;
  private final ExperimentAssigner experiments;
  private final RecentCatalogue catalogue;

  public EventController(
      EventSink sink,
      OverdriveProperties props,
      ExperimentAssigner experiments,
      RecentCatalogue catalogue) {
    this.sink = sink;
    this.catalogue = catalogue;
    this.props = props;
    this.experiments = experiments;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record EventsResponse(int accepted, int applied, int duplicates, String sink) {}

  /** The shape of one event, for the OpenAPI document (parsing is {@link EventJson}'s). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(
      name = "InteractionEvent",
      requiredProperties = {"event_id", "user_id", "item_id", "type", "timestamp"})
  public record EventDoc(
      @Schema(maxLength = EventLimits.MAX_ID_LENGTH) String eventId,
      @Schema(maxLength = EventLimits.MAX_ID_LENGTH) String userId,
      @Schema(maxLength = EventLimits.MAX_ID_LENGTH) String itemId,
      @Schema(
              maxLength = EventLimits.MAX_ID_LENGTH,
              description = "filled from the catalogue when absent")
          String authorId,
      @Schema(
              allowableValues = {
                "impression",
                "view",
                "like",
                "share",
                "comment",
                "follow_author",
                "skip",
                "not_interested",
                "report"
              })
          String type,
      @Schema(minimum = "0", maximum = "86400000") Long dwellMs,
      @Schema(minimum = "0", maximum = "1") Double completion,
      @Schema(minimum = "0", maximum = "100000") Integer position,
      @Schema(maxLength = 64) String surface,
      @Schema(maxLength = 64, description = "filled from the user's assignment when absent")
          String experimentVariant,
      @Schema(format = "date-time") String timestamp,
      @Schema(description = "at most 64; filled from the catalogue when absent")
          List<String> hashtags,
      @Schema(
              maxLength = 64,
              description =
                  "the ranking_id of the For You answer the item was in: the event counts for"
                      + " the arm that served it")
          String rankingId,
      @Schema(maxLength = 64, description = "the experiment of experiment_variant")
          String experiment) {}

  @PostMapping("/events")
  @Operation(
      summary = "Record one interaction or an array of up to 1000",
      description =
          "All events are validated before any is accepted. Standalone: applied before the"
              + " response (200). Kafka: 202 once the broker acknowledged.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(oneOf = {EventDoc.class, EventDoc[].class}))))
  public ResponseEntity<EventsResponse> post(@RequestBody JsonNode body) {
    List<Interaction> events = parse(body);
    EventSink.Receipt r = sink.submit(events);
    catalogue.add(events.stream().map(Interaction::itemId).toList());
    EventsResponse out =
        new EventsResponse(r.accepted(), r.applied(), r.duplicates(), sink.describe());
    return ResponseEntity.status(r.queued() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(out);
  }

  /** While an experiment runs, an event the client did not tag gets its user's variant. */
  private Interaction tag(Interaction event) {
    return ExperimentAssigner.NO_EXPERIMENT.equals(experiments.experiment().name())
        ? event
        : experiments.tag(event);
  }

  List<Interaction> parse(JsonNode body) {
    if (body == null || body.isNull()) {
      throw new InvalidInputException("$", "body must be an event object or an array of them");
    }
    if (!body.isArray()) {
      return List.of(tag(EventJson.fromNode(body, "")));
    }
    if (body.isEmpty()) {
      throw new InvalidInputException("$", "empty array: send at least one event");
    }
    if (body.size() > props.maxEventsPerRequest()) {
      throw new InvalidInputException(
          "$", "at most " + props.maxEventsPerRequest() + " events per request");
    }
    List<Interaction> out = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      out.add(tag(EventJson.fromNode(body.get(i), "[" + i + "].")));
    }
    return out;
  }
}
