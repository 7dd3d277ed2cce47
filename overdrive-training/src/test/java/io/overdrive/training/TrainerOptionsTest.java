package io.overdrive.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.training.data.DataFormat;
import io.overdrive.training.search.FixedSettings;
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
    assertThat(o.search()).isTrue();
    assertThat(o.fixed()).isEqualTo(FixedSettings.NONE);
    assertThat(o.easeMaxItems()).isEqualTo(TrainerOptions.EASE_MAX_ITEMS);

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
  void settingsFlagsFixSettingsAndTheSearchCanBeTurnedOff() {
    TrainerOptions o =
        TrainerOptions.parse(
            new String[] {
              "--data-dir",
              "d",
              "--output-dir",
              "o",
              "--search",
              "off",
              "--dim",
              "96",
              "--dropout",
              "0.35",
              "--max-length",
              "50",
              "--negatives",
              "full",
              "--learning-rate",
              "0.002",
              "--warmup-steps",
              "100",
              "--temperature",
              "0.1",
              "--id-dropout",
              "0",
              "--ease-max-items",
              "0"
            });
    assertThat(o.search()).isFalse();
    assertThat(o.fixed())
        .isEqualTo(new FixedSettings(96, 0.35f, 50, 0, 0.002f, 100, 0.1f, 0f, null, null, null));
    assertThat(o.fixed().toMap()).containsEntry("negatives", "full").hasSize(8);
    assertThat(o.easeMaxItems()).isZero();
    assertThat(
            TrainerOptions.parse(
                    new String[] {"--data-dir", "d", "--output-dir", "o", "--negatives", "512"})
                .fixed()
                .negatives())
        .isEqualTo(512);
  }

  @Test
  void badSettingsAreNamed() {
    String[][] bad = {
      {"--search", "maybe", "--search must be auto or off"},
      {"--dropout", "1", "--dropout must be in [0, 1)"},
      {"--dropout", "-0.1", "--dropout must be in [0, 1)"},
      {"--negatives", "some", "--negatives must be full or a positive integer"},
      {"--negatives", "0", "--negatives must be full or a positive integer"},
      {"--learning-rate", "0", "--learning-rate must be in (0, 1)"},
      {"--warmup-steps", "-5", "--warmup-steps must be a whole number >= 0"},
      {"--temperature", "0", "--temperature must be > 0"},
      {"--max-length", "2.5", "--max-length must be a positive integer"},
      {"--ease-max-items", "x", "--ease-max-items must be a number"},
      {"--blocks", "0", "--blocks must be a positive integer"},
      {"--blocks", "9", "--blocks must be at most 8"},
      {"--heads", "3", "--heads must divide 32 (--dim not given)"},
      {"--label-smoothing", "1", "--label-smoothing must be in [0, 1)"}
    };
    for (String[] b : bad) {
      assertThatThrownBy(
              () ->
                  TrainerOptions.parse(
                      new String[] {"--data-dir", "d", "--output-dir", "o", b[0], b[1]}))
          .as(b[0] + " " + b[1])
          .hasMessageContaining(b[2]);
    }
  }

  @Test
  void blocksHeadsAndLabelSmoothingAreFixedByTheirFlags() {
    TrainerOptions o =
        TrainerOptions.parse(
            new String[] {
              "--data-dir",
              "d",
              "--output-dir",
              "o",
              "--blocks",
              "3",
              "--heads",
              "4",
              "--label-smoothing",
              "0.1"
            });
    assertThat(o.fixed().blocks()).isEqualTo(3);
    assertThat(o.fixed().heads()).isEqualTo(4);
    assertThat(o.fixed().labelSmoothing()).isEqualTo(0.1f);
    assertThat(o.fixed().toMap())
        .containsEntry("blocks", 3)
        .containsEntry("heads", 4)
        .containsEntry("label_smoothing", 0.1f)
        .hasSize(3);
    // a fixed width must split into the heads
    assertThatThrownBy(
            () ->
                TrainerOptions.parse(
                    new String[] {
                      "--data-dir", "d", "--output-dir", "o", "--dim", "96", "--heads", "5"
                    }))
        .hasMessageContaining("--heads must divide --dim (96), got 5");
    assertThat(
            TrainerOptions.parse(
                    new String[] {
                      "--data-dir", "d", "--output-dir", "o", "--dim", "96", "--heads", "3"
                    })
                .fixed()
                .heads())
        .isEqualTo(3);
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
