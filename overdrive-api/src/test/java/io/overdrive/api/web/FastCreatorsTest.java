package io.overdrive.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.overdrive.api.ranking.ForYouRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Records read through the spreader built once are the records Jackson builds, errors included. */
public class FastCreatorsTest {
  private final JsonMapper fast = JsonMapper.builder().addModule(FastCreators.module()).build();
  private final JsonMapper plain = JsonMapper.builder().build();

  /** A record whose constructor refuses a value (the spreader's failure path). */
  public record Checked(String name, int size) {
    static volatile boolean builtBySpreader;

    public Checked {
      builtBySpreader =
          StackWalker.getInstance()
              .walk(s -> s.anyMatch(f -> f.getClassName().endsWith("FastCreators$Spread")));
      if (size < 0) {
        throw new IllegalArgumentException("size must be >= 0, got " + size);
      }
    }
  }

  @Test
  void readsTheSameRecordsAsJackson() {
    String body =
        "{\"user_id\": \"u1\", \"limit\": 5, \"candidate_items\": [{\"id\": \"p1\", \"content\":"
            + " \"hi #music\", \"hashtags\": [\"music\"], \"quality_score\": 0.5, \"created_at\":"
            + " \"2026-12-01T00:00:00Z\"}, {\"id\": \"p2\"}]}";
    ForYouRequest a = fast.readValue(body, ForYouRequest.class);
    assertThat(a).isEqualTo(plain.readValue(body, ForYouRequest.class));
    assertThat(a.candidateItems()).hasSize(2);
    assertThat(a.candidateItems().get(0).hashtags()).isEqualTo(List.of("music"));
  }

  @Test
  void aRefusingConstructorFailsAsItDoesWithoutTheModule() {
    String body = "{\"name\": \"x\", \"size\": -1}";
    Throwable viaFast = catchThrowable(() -> fast.readValue(body, Checked.class));
    Throwable viaPlain = catchThrowable(() -> plain.readValue(body, Checked.class));
    assertThat(viaFast).isNotNull().hasSameClassAs(viaPlain);
    assertThat(viaFast.getMessage()).isEqualTo(viaPlain.getMessage());
    Checked read = fast.readValue("{\"name\": \"x\", \"size\": 3}", Checked.class);
    assertThat(Checked.builtBySpreader).isTrue();
    assertThat(read).isEqualTo(new Checked("x", 3));
    plain.readValue("{\"name\": \"x\", \"size\": 3}", Checked.class);
    assertThat(Checked.builtBySpreader).isFalse();
  }
}
