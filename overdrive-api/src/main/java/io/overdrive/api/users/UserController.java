package io.overdrive.api.users;

import io.overdrive.domain.UserProfile;
import io.overdrive.store.FeatureStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Signup and profile: {@code PUT /users/{user_id}}, {@code GET /users/{user_id}}. */
@RestController
public class UserController {
  private final FeatureStore store;
  private final Clock clock;

  public UserController(FeatureStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record UserBody(
      @Size(max = 50) List<@NotBlank @Size(max = 100) String> interests,
      @Size(max = 2000) String bio,
      @Size(max = 5000) List<@NotBlank @Size(max = 128) String> follows) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record UserView(String userId, List<String> interests, String bio, List<String> follows) {
    static UserView of(UserProfile p) {
      return new UserView(p.userId(), p.interests(), p.bio(), p.follows());
    }
  }

  @PutMapping("/users/{userId}")
  public ResponseEntity<UserView> put(
      @PathVariable @Size(max = 128) String userId, @Valid @RequestBody UserBody body) {
    boolean existed = store.profile(userId).isPresent();
    UserProfile p =
        new UserProfile(userId, body.interests(), body.bio(), body.follows(), clock.instant());
    store.putProfile(p);
    return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(UserView.of(p));
  }

  @GetMapping("/users/{userId}")
  public UserView get(@PathVariable String userId) {
    return store
        .profile(userId)
        .map(UserView::of)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown user " + userId));
  }
}
