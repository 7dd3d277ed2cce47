package io.overdrive.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.training.data.DataFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {
  @Test
  void parsesEveryOptionWithDefaults() {
    TrainerOptions o = TrainerOptions.parse(new String[] {"--data-dir", "d", "--output-dir=o"});
    assertThat(o.dataDir()).isEqualTo(Path.of("d"));
    assertThat(o.outputDir()).isEqualTo(Path.of("o"));
    assertThat(o.device()).isEqualTo("cpu");
    assertThat(o.model()).isEqualTo("all");
    assertThat(o.format()).isEqualTo(DataFormat.ARCHIVE);
    assertThat(o.maxMinutes()).isZero();
    assertThat(o.trainsSequence()).isTrue();
    assertThat(o.trainsTwoTower()).isTrue();

    o =
        TrainerOptions.parse(
            new String[] {
              "--data-dir",
              "ml.txt",
              "--output-dir",
              "o",
              "--data-format",
              "sasrec",
              "--model",
              "sequence",
              "--epochs",
              "7",
              "--max-minutes",
              "2.5",
              "--seed",
              "9",
              "--device",
              "cuda"
            });
    assertThat(o.format()).isEqualTo(DataFormat.SASREC);
    assertThat(o.trainsTwoTower()).isFalse();
    assertThat(o.epochs()).isEqualTo(7);
    assertThat(o.maxMinutes()).isEqualTo(2.5);
    assertThat(o.seed()).isEqualTo(9);
    assertThat(o.device()).isEqualTo("cuda");
    assertThat(o.effectiveMinInteractions()).isZero();
    assertThat(
            TrainerOptions.parse(
                    new String[] {
                      "--data-dir", "d", "--output-dir", "o", "--data-format", "movielens"
                    })
                .effectiveMinInteractions())
        .isEqualTo(5);
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> TrainerOptions.parse(new String[] {"--output-dir", "o"}))
        .hasMessageContaining("--data-dir is required");
    assertThatThrownBy(
            () ->
                TrainerOptions.parse(
                    new String[] {"--data-dir", "d", "--output-dir", "o", "--model", "bert"}))
        .hasMessageContaining("--model must be all, two-tower or sequence");
    assertThatThrownBy(
            () ->
                TrainerOptions.parse(
                    new String[] {"--data-dir", "d", "--output-dir", "o", "--epochs", "0"}))
        .hasMessageContaining("--epochs must be a positive integer");
    assertThatThrownBy(
            () ->
                TrainerOptions.parse(
                    new String[] {"--data-dir", "d", "--output-dir", "o", "--data-format", "csv"}))
        .hasMessageContaining("--data-format must be one of");
    assertThatThrownBy(
            () ->
                TrainerOptions.parse(
                    new String[] {"--data-dir", "d", "--output-dir", "o", "--max-minutes", "soon"}))
        .hasMessageContaining("--max-minutes must be a number");
    assertThatThrownBy(() -> TrainerOptions.parse(new String[] {"--data-dir", "d", "--bogus", "1"}))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> TrainerOptions.parse(new String[] {"--data-dir"}))
        .hasMessageContaining("--data-dir needs a value");
  }
}
