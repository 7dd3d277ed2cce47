package io.overdrive.api.insights;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.overdrive.api.catalogue.CatalogueProperties;
import io.overdrive.api.insights.UserStateReader.UserState;
import io.overdrive.api.users.UserController.UserView;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventJson;
import io.overdrive.events.EventLimits;
import io.overdrive.events.InterestHistory;
import io.overdrive.events.RankingJson;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.UserFeatures;
import io.overdrive.insights.UserInsights;
import io.overdrive.insights.UserInsights.WeightedName;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.privacy.ArchivedUserData;
import io.overdrive.store.FeatureStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Overdrive has learned about a user, in three views: the features the ranker reads ({@code
 * /features}), the interests with their weights ({@code /interests}) and why the feed looks the way
 * it does ({@code /insights}, common's {@link UserInsights}). A user of whom nothing is stored gets
 * 404 (their ranking is a cold start).
 */
@RestController
@Tag(name = "insights", description = "what the system has learned about a user")
public class UserInsightsController {
  private static final ObjectMapper JSON = new JsonMapper();

  private final UserStateReader reader;
  private final FeatureStore store;
  private final CatalogueProperties catalogue;
  private final ObjectProvider<ArchiveWriter> archiveWriter;
  private final RankingLog rankingLog;

  public UserInsightsController(
      UserStateReader reader,
      FeatureStore store,
      CatalogueProperties catalogue,
      ObjectProvider<ArchiveWriter> archiveWriter,
      RankingLog rankingLog) {
    this.reader = reader;
    this.store = store;
    this.catalogue = catalogue;
    this.archiveWriter = archiveWriter;
    this.rankingLog = rankingLog;
  }

  /**
   * A user's features as the ranker reads them.
   *
   * @param counts interactions by type, all time
   * @param meaningfulInteractions interactions other than impressions: what maturity counts
   * @param interestWeights learned interest weights decayed to {@code as_of}, strongest first;
   *     negative = aversion
   * @param authorAffinity learned author affinities decayed to {@code as_of}, strongest first
   * @param recentItems last engaged items, most recent first
   * @param personalization share of learned signals in the ranking blend (0 = cold start)
   */
  public record FeaturesView(
      String userId,
      Instant asOf,
      Map<String, Long> counts,
      long meaningfulInteractions,
      Map<String, Double> interestWeights,
      Map<String, Double> authorAffinity,
      List<String> recentItems,
      long sessions,
      long dwellMsTotal,
      Instant lastEventAt,
      double personalization,
      String experiment,
      String variant) {}

  /**
   * @param declared from signup interests and bio, in [0, 1]
   * @param learned from behaviour, scaled so the strongest is 1; negative = aversion
   * @param combined declared and learned blended by the user's personalization, strongest first
   */
  public record InterestsView(
      String userId,
      Map<String, Double> declared,
      Map<String, Double> learned,
      List<WeightedName> combined,
      double personalization) {}

  /**
   * How the user's learned interests and authors changed: the snapshots {@link InterestHistory}
   * took, oldest first, each scaled so its strongest interest (author) is 1, beside today's
   * declared interests.
   *
   * @param declared from signup interests and bio, in [0, 1] (as {@code /interests})
   * @param points one per snapshot: its time, the meaningful interactions by then, the top 10
   *     interests and top 5 authors
   */
  public record InterestHistoryView(
      String userId, Map<String, Double> declared, List<InterestSnapshot> points) {}

  /** {@link UserInsights} with the experiment and variant the user ranks in. */
  public record InsightsView(
      @JsonUnwrapped UserInsights insights, String experiment, String variant) {}

  /**
   * Everything held about a user, for a data-access request: what the feature store holds (the
   * signup profile decrypted, the features with the recent-items sequence, the interests derived
   * from them) and what the training archive holds (events, served rankings).
   *
   * @param profile the signup profile, or null when the user never signed up
   * @param features null when the feature store holds nothing about the user
   * @param interests null when the feature store holds nothing about the user
   * @param archive null when this API is given no archive directory ({@code OVERDRIVE_ARCHIVE_DIR})
   */
  public record ExportView(
      String userId,
      Instant exportedAt,
      UserView profile,
      FeaturesView features,
      InterestsView interests,
      List<InterestSnapshot> interestHistory,
      ArchiveView archive) {}

  /**
   * The user's lines in the training archive, as the archive stores them.
   *
   * @param dir the archive directory read
   * @param events the user's events ({@code POST /events} bodies as accepted), oldest first
   * @param rankings the rankings served to the user (ranking id, items, positions, scores)
   */
  public record ArchiveView(String dir, List<JsonNode> events, List<JsonNode> rankings) {}

  @GetMapping("/users/{user_id}/export")
  @Operation(
      summary =
          "Everything stored about a user (profile, features, recent items, interests); the user"
              + " themselves or an admin")
  public ExportView export(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    Optional<UserState> state = reader.read(userId);
    ArchiveView archive = archived(userId);
    if (state.isEmpty()) {
      if (archive == null || (archive.events().isEmpty() && archive.rankings().isEmpty())) {
        throw unknown(userId);
      }
      return new ExportView(userId, Instant.now(), null, null, null, List.of(), archive);
    }
    UserState s = state.get();
    UserProfile p = s.features().profile();
    UserView profile =
        p.equals(UserProfile.empty(userId))
            ? null
            : new UserView(p.userId(), p.interests(), p.bio(), p.follows(), p.updatedAt());
    return new ExportView(
        userId,
        s.features().asOf(),
        profile,
        features(s),
        interests(userId, s),
        store.interestHistory(userId),
        archive);
  }

  /**
   * The user's archived events and rankings, or null without an archive directory. The standalone
   * API's own open parts are finished first, so the last minutes are in the export too; in
   * distributed mode the directory is the consumers' (a shared volume) and holds what they sealed.
   */
  private ArchiveView archived(String userId) {
    if (!catalogue.archiveEnabled()) {
      return null;
    }
    // the rankings served just before are written (the in-process log gathers them for 20 ms)
    rankingLog.awaitWritten();
    archiveWriter.ifAvailable(ArchiveWriter::roll);
    ArchivedUserData data = ArchivedUserData.read(catalogue.archivePath(), userId);
    return new ArchiveView(
        catalogue.archiveDir(),
        data.events().stream().map(e -> JSON.readTree(EventJson.toJson(e))).toList(),
        data.rankings().stream().map(r -> JSON.readTree(RankingJson.toJson(r))).toList());
  }

  @GetMapping("/features/{user_id}")
  @Operation(summary = "The user's features: counts, decayed interests, author affinity, sessions")
  public FeaturesView features(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    return features(state(userId));
  }

  private static FeaturesView features(UserState s) {
    String userId = s.features().userId();
    UserFeatures f = s.features();
    return new FeaturesView(
        userId,
        f.asOf(),
        s.insights().interactionCounts(),
        f.meaningfulInteractions(),
        strongestFirst(f.interestWeights()),
        strongestFirst(f.authorAffinity()),
        f.recentItems(),
        f.sessions(),
        f.dwellMsTotal(),
        f.lastEventAt(),
        s.insights().personalization().level(),
        s.experiment(),
        s.variant().name());
  }

  @GetMapping("/interests/{user_id}")
  @Operation(summary = "Declared (signup, bio) and learned (behaviour) interests with weights")
  public InterestsView interests(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    return interests(userId, state(userId));
  }

  private static InterestsView interests(String userId, UserState s) {
    double p = s.variant().settings().personalization(s.features().meaningfulInteractions());
    return new InterestsView(
        userId,
        strongestFirst(s.interests().declared()),
        strongestFirst(s.interests().learned()),
        s.interests().top(Integer.MAX_VALUE, p).stream()
            .map(e -> new WeightedName(e.getKey(), round(e.getValue())))
            .toList(),
        s.insights().personalization().level());
  }

  @GetMapping("/interests/{user_id}/history")
  @Operation(summary = "How the user's learned interests and authors changed over time")
  public InterestHistoryView interestHistory(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    UserState s = state(userId);
    List<InterestSnapshot> points =
        store.interestHistory(userId).stream()
            .map(
                p ->
                    new InterestSnapshot(
                        p.at(), p.interactions(), scaled(p.interests()), scaled(p.authors())))
            .toList();
    return new InterestHistoryView(userId, strongestFirst(s.interests().declared()), points);
  }

  /** Weights over the strongest, so points of a long history compare by shape, not by volume. */
  private static Map<String, Double> scaled(Map<String, Double> weights) {
    double max = weights.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    Map<String, Double> out = new LinkedHashMap<>();
    weights.forEach((k, v) -> out.put(k, max > 0 ? round(v / max) : 0.0));
    return out;
  }

  @GetMapping("/insights/{user_id}")
  @Operation(summary = "Why the user's feed looks the way it does")
  public InsightsView insights(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    UserState s = state(userId);
    return new InsightsView(s.insights(), s.experiment(), s.variant().name());
  }

  private UserState state(String userId) {
    return reader.read(userId).orElseThrow(() -> unknown(userId));
  }

  private static ResponseStatusException unknown(String userId) {
    return new ResponseStatusException(
        HttpStatus.NOT_FOUND,
        "nothing is stored about user '"
            + userId
            + "'; their ranking is a cold start on global signals");
  }

  private static Map<String, Double> strongestFirst(Map<String, Double> weights) {
    Map<String, Double> out = new LinkedHashMap<>();
    weights.entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), round(e.getValue())));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
