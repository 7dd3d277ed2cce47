package io.overdrive.training;

import io.overdrive.training.data.DataFormat;
import io.overdrive.training.search.FixedSettings;
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
 * @param search choose the models' settings on the validation split (the rule's settings alone when
 *     false)
 * @param fixed settings fixed by flags (not searched)
 * @param easeMaxItems the most items EASE models (the most popular); 0 skips EASE
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
    int threads,
    boolean search,
    FixedSettings fixed,
    int easeMaxItems) {

  /** EASE's default catalogue limit: a dense items x items inverse in about a minute on 2 cores. */
  public static final int EASE_MAX_ITEMS = 12_500;

  /** The most attention blocks --blocks accepts. */
  static final int MAX_BLOCKS = 8;

  /** The narrowest width the settings search tries (the sequence model on sparse data). */
  static final int NARROWEST_SEARCHED_DIM = 32;

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

      Settings (each chosen per data set on the validation split unless given; docs/training.md):
        --search auto|off      auto (default): successive halving over settings within the budget;
                               off: the rule's settings from the data's shape, no search
        --dim N                width of both models
        --dropout P            the sequence model's dropout (0 <= P < 1)
        --max-length N         the sequence model's longest input
        --blocks N             the sequence model's attention blocks (default 2; not searched)
        --heads N              its attention heads per block (default 1; not searched); must
                               divide --dim, or 32 when --dim is not given
        --label-smoothing E    the sequence model's label smoothing (0 <= E < 1; default 0, not
                               searched)
        --negatives full|N     softmax over the whole catalogue, or N sampled negatives per batch
        --learning-rate X      Adam's learning rate
        --warmup-steps N       linear learning-rate warm-up (0 = none)
        --temperature T        the two-tower model's softmax temperature
        --id-dropout P         the two-tower model's share of ids left out in training
        --ease-max-items N     EASE baseline on at most the N most popular items (default 12500;
                               0 = no EASE)
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
    boolean search = true;
    Integer dim = null;
    Float dropout = null;
    Integer maxLength = null;
    Integer negatives = null;
    Float learningRate = null;
    Integer warmupSteps = null;
    Float temperature = null;
    Float idDropout = null;
    Integer blocks = null;
    Integer heads = null;
    Float labelSmoothing = null;
    int easeMaxItems = EASE_MAX_ITEMS;
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
        case "--search" -> {
          if (!value.equals("auto") && !value.equals("off")) {
            throw new IllegalArgumentException("--search must be auto or off, got " + value);
          }
          search = value.equals("auto");
        }
        case "--dim" -> dim = positiveInt(flag, value);
        case "--dropout" -> dropout = share(flag, value);
        case "--max-length" -> maxLength = positiveInt(flag, value);
        case "--blocks" -> {
          blocks = positiveInt(flag, value);
          if (blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException(
                "--blocks must be at most " + MAX_BLOCKS + ", got " + value);
          }
        }
        case "--heads" -> heads = positiveInt(flag, value);
        case "--label-smoothing" -> labelSmoothing = share(flag, value);
        case "--negatives" -> negatives = negatives(value);
        case "--learning-rate" -> {
          double rate = number(flag, value);
          if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("--learning-rate must be in (0, 1), got " + value);
          }
          learningRate = (float) rate;
        }
        case "--warmup-steps" -> warmupSteps = nonNegativeInt(flag, value);
        case "--temperature" -> {
          double t = number(flag, value);
          if (!(t > 0)) {
            throw new IllegalArgumentException("--temperature must be > 0, got " + value);
          }
          temperature = (float) t;
        }
        case "--id-dropout" -> idDropout = share(flag, value);
        case "--ease-max-items" -> easeMaxItems = nonNegativeInt(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    if (out == null) {
      throw new IllegalArgumentException("--output-dir is required");
    }
    // every width a candidate may have must split into the heads: the fixed one, else the
    // search's narrowest (32; 64 and 128 are multiples of it)
    int width = dim != null ? dim : NARROWEST_SEARCHED_DIM;
    if (heads != null && width % heads != 0) {
      throw new IllegalArgumentException(
          "--heads must divide "
              + (dim != null
                  ? "--dim (" + dim + ")"
                  : NARROWEST_SEARCHED_DIM + " (--dim not given)")
              + ", got "
              + heads);
    }
    return new TrainerOptions(
        data,
        out,
        device,
        model,
        format,
        epochs,
        minutes,
        seed,
        minInteractions,
        threads,
        search,
        new FixedSettings(
            dim,
            dropout,
            maxLength,
            negatives,
            learningRate,
            warmupSteps,
            temperature,
            idDropout,
            blocks,
            heads,
            labelSmoothing),
        easeMaxItems);
  }

  /** {@code full} (0) or a positive number of sampled negatives. */
  private static int negatives(String value) {
    if (value.equals("full")) {
      return 0;
    }
    try {
      return positiveInt("--negatives", value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--negatives must be full or a positive integer, got '" + value + "'");
    }
  }

  private static int nonNegativeInt(String flag, String value) {
    double v = number(flag, value);
    if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(flag + " must be a whole number >= 0, got " + value);
    }
    return (int) v;
  }

  /** A share in [0, 1). */
  private static float share(String flag, String value) {
    double v = number(flag, value);
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(flag + " must be in [0, 1), got " + value);
    }
    return (float) v;
  }

  private static int positiveInt(String flag, String value) {
    double v = number(flag, value);
    if (v < 1 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
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
