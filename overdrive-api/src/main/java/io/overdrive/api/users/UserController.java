package io.overdrive.api.users;

import io.overdrive.catalogue.CatalogueSink;
import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.EventLimits;
import io.overdrive.features.UserFeatures;
import io.overdrive.ranking.RequestLimits;
import io.overdrive.store.FeatureStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Signup, profile and erasure: {@code PUT}, {@code GET} and {@code DELETE /users/{user_id}}.
 * Erasure removes everything stored about the user (profile, counters, learned interests and author
 * affinities, recent items, event de-duplication marks); item engagement counters are anonymous
 * aggregates and stay.
 */
@RestController
@Tag(name = "users", description = "signup profile and erasure")
public class UserController {
  private static final Logger log = LoggerFactory.getLogger(UserController.class);

  private final FeatureStore store;
  private final CatalogueSink catalogue;
  private final Clock clock;

  public UserController(FeatureStore store, CatalogueSink catalogue, Clock clock) {
    this.store = store;
    this.catalogue = catalogue;
    this.clock = clock;
  }

  /** What a user tells at signup; every field is optional (bounds: common's RequestLimits). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record UserBody(
      @Size(max = RequestLimits.MAX_INTERESTS)
          List<@NotBlank @Size(max = RequestLimits.MAX_INTEREST_LENGTH) String> interests,
      @Size(max = RequestLimits.MAX_BIO_LENGTH) String bio,
      @Size(max = RequestLimits.MAX_FOLLOWS)
          List<@NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String> follows) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record UserView(
      String userId, List<String> interests, String bio, List<String> follows, Instant updatedAt) {
    static UserView of(UserProfile p) {
      return new UserView(p.userId(), p.interests(), p.bio(), p.follows(), p.updatedAt());
    }
  }

  /**
   * What an erasure removed.
   *
   * @param profile whether a signup profile was stored
   * @param interactions interactions counted for the user (all types)
   * @param learnedInterests learned interest weights removed
   * @param authorAffinities learned author affinities removed
   * @param recentItems entries of the recent-items sequence removed
   * @param sessions sessions counted for the user
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ErasureReport(
      String userId,
      boolean erased,
      boolean profile,
      long interactions,
      int learnedInterests,
      int authorAffinities,
      int recentItems,
      long sessions) {}

  @PutMapping("/users/{user_id}")
  @Operation(
      summary = "Create or replace a user's signup profile (201 when new, 200 when replaced)")
  public ResponseEntity<UserView> put(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId,
      @Valid @RequestBody UserBody body) {
    boolean existed = store.profile(userId).isPresent();
    UserProfile p =
        new UserProfile(userId, body.interests(), body.bio(), body.follows(), clock.instant());
    // to the archive first (Kafka: acknowledged, else 503 and nothing stored), then the store
    catalogue.users(List.of(UserChange.profile(p)));
    store.putProfile(p);
    return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(UserView.of(p));
  }

  @GetMapping("/users/{user_id}")
  @Operation(summary = "A user's signup profile; 404 when none was stored")
  public UserView get(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    return store.profile(userId).map(UserView::of).orElseThrow(() -> unknown(userId));
  }

  @DeleteMapping("/users/{user_id}")
  @Operation(summary = "Erase everything stored about a user; says what was erased")
  public ErasureReport erase(
      @PathVariable("user_id") @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId) {
    boolean hadProfile = store.profile(userId).isPresent();
    UserFeatures f = store.user(userId, clock.instant());
    long interactions = f.counts().values().stream().mapToLong(Long::longValue).sum();
    // the archive drops the user's profile (with Kafka the consumer hears of the erasure); told
    // before the store is erased, so a 503 leaves everything in place for the client's retry
    List<UserChange> erasure = List.of(UserChange.erasure(userId, clock.instant()));
    boolean known = hadProfile || interactions > 0;
    if (known) {
      catalogue.users(erasure);
    }
    boolean erased = store.eraseUser(userId);
    if (!erased && !known) {
      throw unknown(userId);
    }
    if (!known) {
      catalogue.users(erasure);
    }
    log.info("Erased user {} ({} interactions, profile: {})", userId, interactions, hadProfile);
    return new ErasureReport(
        userId,
        true,
        hadProfile,
        interactions,
        f.interestWeights().size(),
        f.authorAffinity().size(),
        f.recentItems().size(),
        f.sessions());
  }

  static ResponseStatusException unknown(String userId) {
    return new ResponseStatusException(
        HttpStatus.NOT_FOUND, "nothing is stored about user '" + userId + "'");
  }
}
