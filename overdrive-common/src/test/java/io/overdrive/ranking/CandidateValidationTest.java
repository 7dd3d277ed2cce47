package io.overdrive.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks both For You edges (REST, gRPC) run, with REST's wording. */
class CandidateValidationTest {
  private static void fails(Runnable call, String field, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void aRequestCannotNameACandidateTwiceWhicheverWayItNamesIt() {
    CandidateValidation v = new CandidateValidation("candidates", 3);
    v.add("candidate_ids[0]", CandidateValidation.byId("candidate_ids[0]", "a"));
    v.add("candidate_ids[1]", CandidateValidation.byId("candidate_ids[1]", "b"));
    Item described =
        CandidateValidation.described(
            "candidates", 0, "a", null, null, null, null, null, null, null);
    fails(
        () -> v.add("candidates[0].id", described),
        "candidates[0].id",
        "duplicate candidate id 'a'");
    assertThat(v.items()).extracting(Item::id).containsExactly("a", "b");
  }

  @Test
  void anIdAtAPositionIsCheckedAndNamedAsByItsPath() {
    CandidateValidation v = new CandidateValidation("candidates", 4);
    v.addId("candidate_ids", 0, "a");
    v.addId("candidate_ids", 1, "b");
    fails(() -> v.addId("candidate_ids", 2, "a"), "candidate_ids[2]", "duplicate candidate id 'a'");
    fails(() -> v.addId("candidate_ids", 3, " "), "candidate_ids[3]", "must not be blank");
    fails(() -> v.addId("candidate_ids", 3, null), "candidate_ids[3]", "must not be blank");
    fails(
        () -> v.addId("candidate_ids", 4, "i".repeat(129)),
        "candidate_ids[4]",
        "size must be between 0 and 128");
    assertThat(v.items()).containsExactly(Item.withId("a"), Item.withId("b"));
  }

  @Test
  void aCandidateByListAndPositionIsNamedAsByItsPath() {
    CandidateValidation v = new CandidateValidation("candidate_items", 2);
    v.add("candidate_items", 0, CandidateValidation.byId("candidate_items[0].id", "a"));
    Item again =
        CandidateValidation.described(
            "candidate_items", 1, "a", null, null, null, null, null, null, null);
    fails(
        () -> v.add("candidate_items", 1, again),
        "candidate_items[1].id",
        "duplicate candidate id 'a'");
    fails(
        () ->
            CandidateValidation.described(
                "candidates",
                7,
                "a",
                null,
                List.of("ok", "t".repeat(101)),
                null,
                null,
                null,
                null,
                null),
        "candidates[7].hashtags[1]",
        "size must be between 0 and 100");
    fails(
        () ->
            CandidateValidation.described(
                "candidates", 2, " ", null, null, null, null, null, null, null),
        "candidates[2].id",
        "must not be blank");
    Item ok =
        CandidateValidation.described(
            "candidates",
            0,
            "b",
            "text #food",
            List.of("food"),
            List.of("image"),
            0.1,
            0.9,
            "u",
            null);
    assertThat(ok)
        .isEqualTo(
            CandidateValidation.described(
                "candidates",
                0,
                "b",
                "text #food",
                List.of("food"),
                List.of("image"),
                0.1,
                0.9,
                "u",
                null));
  }

  @Test
  void everyBoundIsOneConstantAndNamesTheField() {
    fails(
        () -> new CandidateValidation("candidate_items", RequestLimits.MAX_CANDIDATES + 1),
        "candidate_items",
        "size must be between 0 and 1000");
    fails(() -> RequestLimits.id("user_id", " "), "user_id", "must not be blank");
    fails(
        () -> RequestLimits.id("user_id", "u".repeat(129)),
        "user_id",
        "size must be between 0 and 128");
    fails(() -> RequestLimits.limit("limit", 101), "limit", "must be in 1..100, got 101");
    fails(() -> RequestLimits.limit("limit", 0), "limit", "must be in 1..100, got 0");
    assertThat(RequestLimits.limit("limit", null)).isEqualTo(RequestLimits.DEFAULT_LIMIT);
    fails(
        () -> CandidateValidation.byId("candidate_ids[4]", "i".repeat(129)),
        "candidate_ids[4]",
        "size must be between 0 and 128");
    fails(
        () ->
            CandidateValidation.described(
                "c", 0, "a", null, Collections.nCopies(65, "t"), null, null, null, null, null),
        "c[0].hashtags",
        "size must be between 0 and 64");
    fails(
        () ->
            CandidateValidation.described(
                "c", 0, "a", null, List.of("ok", " "), null, null, null, null, null),
        "c[0].hashtags[1]",
        "must not be blank");
    fails(
        () ->
            CandidateValidation.described(
                "c", 0, "a", null, null, List.of("m".repeat(33)), null, null, null, null),
        "c[0].media_types[0]",
        "size must be between 0 and 32");
    fails(
        () ->
            CandidateValidation.described(
                "c", 0, "a", null, null, null, Double.NaN, null, null, null),
        "c[0].engagement_rate",
        "must be greater than or equal to 0");
    fails(
        () -> CandidateValidation.described("c", 0, "a", null, null, null, null, 1.5, null, null),
        "c[0].quality_score",
        "must be less than or equal to 1");
  }
}
