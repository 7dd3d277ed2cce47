package io.overdrive.training.data;

import java.util.Locale;

/** The input layouts the trainer reads. */
public enum DataFormat {
  /** The project's interaction archive: JSON lines (+ items.jsonl, users.jsonl). */
  ARCHIVE,
  /** MovieLens: 100K ({@code u.data}), 1M ({@code ratings.dat}) or CSV ({@code ratings.csv}). */
  MOVIELENS,
  /** SASRec's preprocessed text file: "user item" per line, each user's lines in time order. */
  SASREC;

  public static DataFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--data-format must be one of archive, movielens, sasrec (got '" + s + "')");
    }
  }

  /**
   * Loads the data at {@code path}.
   *
   * @param minInteractions drop users and items with fewer interactions (0 keeps everything)
   * @throws MalformedDataException naming the file and line of the first bad record
   */
  public InteractionData load(java.nio.file.Path path, int minInteractions) {
    return switch (this) {
      case ARCHIVE -> ArchiveLoader.load(path, minInteractions);
      case MOVIELENS -> MovieLensLoader.load(path, minInteractions);
      case SASREC -> SasRecLoader.load(path, minInteractions);
    };
  }

  /** SASRec's published MovieLens figures drop users and items with under 5 ratings. */
  public int defaultMinInteractions() {
    return this == MOVIELENS ? 5 : 0;
  }
}
