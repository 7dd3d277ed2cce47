package io.overdrive.training;

import io.overdrive.training.data.DataFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's command-line options.
 *
 * @param maxMinutes wall-clock budget for training all selected models (0 = none); the best
 *     checkpoint so far is evaluated and exported when it runs out
 * @param minInteractions drop users and items with fewer interactions (-1 = the format's default)
 * @param threads PyTorch threads (0 = one per core)
 */
public record TrainerOptions(
    Path dataDir,
    Path outputDir,
    String device,
    String model,
    DataFormat format,
    int epochs,
    double maxMinutes,
    long seed,
    int minInteractions,
    int threads) {

  public static final String USAGE =
      """
      usage: java -jar overdrive-training.jar --data-dir PATH --output-dir DIR [options]

        --data-dir PATH        the data: a directory (archive, movielens) or the SASRec .txt file
        --output-dir DIR       model directory to export into (OVERDRIVE_MODEL_DIR of the readers);
                               metrics.json, report.md and training-curves.png are written here too
        --data-format F        archive (default) | movielens | sasrec
        --model M              all (default) | two-tower | sequence
        --device D             cpu (default) | cuda
        --epochs N             most epochs per model (default 200; early stopping usually ends first)
        --max-minutes M        wall-clock budget for training (default: none); split 1/3 two-tower,
                               the rest sequence when both train
        --seed N               random seed (default 42)
        --min-interactions N   drop users and items with fewer interactions (movielens default 5,
                               as SASRec's preprocessing; others 0)
        --threads N            PyTorch threads (default: one per core)
      """;

  public boolean trainsTwoTower() {
    return model.equals("all") || model.equals("two-tower");
  }

  public boolean trainsSequence() {
    return model.equals("all") || model.equals("sequence");
  }

  public int effectiveMinInteractions() {
    return minInteractions >= 0 ? minInteractions : format.defaultMinInteractions();
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the offending option
   */
  public static TrainerOptions parse(String[] args) {
    Path data = null;
    Path out = null;
    String device = "cpu";
    String model = "all";
    DataFormat format = DataFormat.ARCHIVE;
    int epochs = 200;
    double minutes = 0;
    long seed = 42;
    int minInteractions = -1;
    int threads = 0;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      String value;
      int eq = flag.indexOf('=');
      if (eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else {
        if (flag.equals("--help") || flag.equals("-h")) {
          throw new HelpRequested();
        }
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        value = rest.remove(0);
      }
      switch (flag) {
        case "--data-dir" -> data = Path.of(value);
        case "--output-dir" -> out = Path.of(value);
        case "--device" -> {
          if (!value.equals("cpu") && !value.equals("cuda")) {
            throw new IllegalArgumentException("--device must be cpu or cuda, got " + value);
          }
          device = value;
        }
        case "--model" -> {
          if (!List.of("all", "two-tower", "sequence").contains(value)) {
            throw new IllegalArgumentException(
                "--model must be all, two-tower or sequence, got " + value);
          }
          model = value;
        }
        case "--data-format" -> format = DataFormat.parse(value);
        case "--epochs" -> epochs = positiveInt(flag, value);
        case "--max-minutes" -> {
          minutes = number(flag, value);
          if (minutes <= 0) {
            throw new IllegalArgumentException("--max-minutes must be > 0, got " + value);
          }
        }
        case "--seed" -> seed = (long) number(flag, value);
        case "--min-interactions" -> minInteractions = (int) number(flag, value);
        case "--threads" -> threads = positiveInt(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    if (out == null) {
      throw new IllegalArgumentException("--output-dir is required");
    }
    return new TrainerOptions(
        data, out, device, model, format, epochs, minutes, seed, minInteractions, threads);
  }

  private static int positiveInt(String flag, String value) {
    double v = number(flag, value);
    if (v < 1 || v != Math.rint(v)) {
      throw new IllegalArgumentException(flag + " must be a positive integer, got " + value);
    }
    return (int) v;
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
    }
  }

  /** --help was given. */
  public static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help", null, false, false);
    }
  }
}
