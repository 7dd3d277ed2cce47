package io.overdrive.api.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.overdrive.api.ranking.ForYouRequest.CandidateItem;
import io.overdrive.domain.InvalidInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CandidateItem#check} enforces by hand what the item's annotations document: for each
 * broken field both reject it, naming the same field with the same message.
 */
class ForYouRequestTest {
  static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

  static CandidateItem valid() {
    return new CandidateItem("n1", "text", List.of("food"), List.of("image"), 0.1, 0.9, "a1", null);
  }

  static Stream<CandidateItem> broken() {
    String long129 = "x".repeat(129);
    return Stream.of(
        new CandidateItem(null, null, null, null, null, null, null, null),
        new CandidateItem(" ", null, null, null, null, null, null, null),
        new CandidateItem(long129, null, null, null, null, null, null, null),
        new CandidateItem("n", "c".repeat(10_001), null, null, null, null, null, null),
        new CandidateItem("n", null, Collections.nCopies(65, "t"), null, null, null, null, null),
        new CandidateItem("n", null, List.of("ok", ""), null, null, null, null, null),
        new CandidateItem("n", null, List.of("t".repeat(101)), null, null, null, null, null),
        new CandidateItem("n", null, null, Collections.nCopies(17, "m"), null, null, null, null),
        new CandidateItem("n", null, null, List.of("m".repeat(33)), null, null, null, null),
        new CandidateItem("n", null, null, null, -0.1, null, null, null),
        new CandidateItem("n", null, null, null, null, 1.01, null, null),
        new CandidateItem("n", null, null, null, null, null, long129, null));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void theHandCheckRejectsWhatTheAnnotationsReject(CandidateItem item) {
    Set<ConstraintViolation<CandidateItem>> violations = VALIDATOR.validate(item);
    assertThat(violations).hasSize(1);
    ConstraintViolation<CandidateItem> v = violations.iterator().next();
    String annotatedPath =
        "candidate_items[0]."
            + snake(v.getPropertyPath().toString().replace(".<list element>", ""));

    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> item.check("candidate_items", 0));
    assertThat(e).as(annotatedPath).isNotNull();
    assertThat(e.field()).isEqualTo(annotatedPath);
    assertThat(e.getMessage()).isEqualTo(v.getMessage());
  }

  @Test
  void aValidItemPassesBoth() {
    assertThat(VALIDATOR.validate(valid())).isEmpty();
    assertThatCode(() -> valid().check("candidate_items", 0)).doesNotThrowAnyException();
  }

  static String snake(String path) {
    return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
