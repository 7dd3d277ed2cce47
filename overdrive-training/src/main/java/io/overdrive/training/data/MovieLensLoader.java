package io.overdrive.training.data;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.interests.InterestTaxonomy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MovieLens in any of its published layouts, recognised by the files in the directory: 100K ({@code
 * u.data}, {@code u.item}, {@code u.user}), 1M/10M ({@code ratings.dat}, {@code movies.dat}, {@code
 * users.dat}) and CSV ({@code ratings.csv}, {@code movies.csv}, {@code tags.csv}). Every rating is
 * an implicit interaction (as in SASRec's preprocessing), ordered by timestamp; genres and the most
 * used tags become the movie's hashtags, the title its text.
 */
public final class MovieLensLoader {
  /** Genres of {@code u.item}'s flag columns when {@code u.genre} is absent. */
  public static final List<String> ML100K_GENRES =
      List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  /** ML-1M's occupation codes (users.dat). */
  static final List<String> ML1M_OCCUPATIONS =
      List.of(
          "other",
          "educator",
          "artist",
          "clerical",
          "student",
          "customer service",
          "doctor",
          "executive",
          "farmer",
          "homemaker",
          "student",
          "lawyer",
          "programmer",
          "retired",
          "sales",
          "scientist",
          "self-employed",
          "engineer",
          "craftsman",
          "unemployed",
          "writer");

  private static final int MAX_TAGS_PER_MOVIE = 10;
  private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

  private MovieLensLoader() {}

  public static InteractionData load(Path dir, int minInteractions) {
    InteractionData.Builder b =
        InteractionData.builder(dir.toString()).minInteractions(minInteractions);
    read(dir, RatingsSink.into(b));
    return b.build();
  }

  /**
   * Reads the directory's ratings, movies and users into {@code sink}: ratings first, in file
   * order, then items, then profiles.
   *
   * @throws MalformedDataException naming the file and line of the first bad record
   */
  public static void read(Path dir, RatingsSink sink) {
    if (!Files.isDirectory(dir)) {
      throw new MalformedDataException(dir, 0, "--data-dir must be a MovieLens directory");
    }
    if (Files.exists(dir.resolve("u.data"))) {
      read100k(dir, sink);
    } else if (Files.exists(dir.resolve("ratings.dat"))) {
      readDat(dir, sink);
    } else if (Files.exists(dir.resolve("ratings.csv"))) {
      readCsv(dir, sink);
    } else {
      throw new MalformedDataException(
          dir, 0, "not a MovieLens directory: expected u.data, ratings.dat or ratings.csv");
    }
  }

  private static void read100k(Path dir, RatingsSink b) {
    Lines.read(
        dir.resolve("u.data"),
        LATIN_1,
        (n, line) -> {
          String[] f = fields(line, "\t", 4, "user<TAB>item<TAB>rating<TAB>timestamp");
          rating(b, f[0], f[1], f[2], f[3]);
        });
    List<String> genres = new ArrayList<>(ML100K_GENRES);
    Path genreFile = dir.resolve("u.genre");
    if (Files.exists(genreFile)) {
      Map<Integer, String> byIndex = new HashMap<>();
      Lines.read(
          genreFile,
          LATIN_1,
          (n, line) -> {
            String[] f = line.split("\\|");
            if (f.length != 2) {
              throw new IllegalArgumentException("expected 'genre|index'");
            }
            byIndex.put((int) Lines.parseLong(f[1], "genre index"), f[0]);
          });
      for (var e : byIndex.entrySet()) {
        if (e.getKey() >= 0 && e.getKey() < genres.size()) {
          genres.set(e.getKey(), e.getValue());
        }
      }
    }
    Path itemFile = dir.resolve("u.item");
    if (Files.exists(itemFile)) {
      Lines.read(
          itemFile,
          LATIN_1,
          (n, line) -> {
            String[] f = line.split("\\|", -1);
            if (f.length < 5 + genres.size()) {
              throw new IllegalArgumentException(
                  "expected "
                      + (5 + genres.size())
                      + " '|'-separated fields (id|title|dates|url|genre flags), got "
                      + f.length);
            }
            List<String> tags = new ArrayList<>();
            for (int g = 0; g < genres.size(); g++) {
              String flag = f[5 + g].trim();
              if (!flag.equals("0") && !flag.equals("1")) {
                throw new IllegalArgumentException(
                    "genre flag " + genres.get(g) + " must be 0 or 1, got '" + flag + "'");
              }
              if (flag.equals("1") && !genres.get(g).equals("unknown")) {
                tags.add(genres.get(g));
              }
            }
            b.item(movie(f[0].trim(), f[1], tags));
          });
    }
    Path userFile = dir.resolve("u.user");
    if (Files.exists(userFile)) {
      Lines.read(
          userFile,
          LATIN_1,
          (n, line) -> {
            String[] f = fields(line, "\\|", 5, "id|age|gender|occupation|zip");
            b.profile(new UserProfile(f[0].trim(), List.of(), f[3].trim(), List.of(), null));
          });
    }
  }

  private static void readDat(Path dir, RatingsSink b) {
    Lines.read(
        dir.resolve("ratings.dat"),
        LATIN_1,
        (n, line) -> {
          String[] f = fields(line, "::", 4, "user::movie::rating::timestamp");
          rating(b, f[0], f[1], f[2], f[3]);
        });
    Path movies = dir.resolve("movies.dat");
    if (Files.exists(movies)) {
      Lines.read(
          movies,
          LATIN_1,
          (n, line) -> {
            String[] f = fields(line, "::", 3, "movie::title::genres");
            b.item(movie(f[0].trim(), f[1], genres(f[2])));
          });
    }
    Path users = dir.resolve("users.dat");
    if (Files.exists(users)) {
      Lines.read(
          users,
          LATIN_1,
          (n, line) -> {
            String[] f = fields(line, "::", 5, "user::gender::age::occupation::zip");
            int occupation = (int) Lines.parseLong(f[3], "occupation");
            String bio =
                occupation >= 0 && occupation < ML1M_OCCUPATIONS.size()
                    ? ML1M_OCCUPATIONS.get(occupation)
                    : "";
            b.profile(new UserProfile(f[0].trim(), List.of(), bio, List.of(), null));
          });
    }
  }

  private static void readCsv(Path dir, RatingsSink b) {
    Lines.read(
        dir.resolve("ratings.csv"),
        StandardCharsets.UTF_8,
        (n, line) -> {
          if (n == 1 && line.startsWith("userId")) {
            return;
          }
          List<String> f = Csv.split(line);
          if (f.size() != 4) {
            throw new IllegalArgumentException(
                "expected 'userId,movieId,rating,timestamp', got " + f.size() + " fields");
          }
          rating(b, f.get(0), f.get(1), f.get(2), f.get(3));
        });
    Map<String, Map<String, Integer>> tagCounts = new HashMap<>();
    Path tags = dir.resolve("tags.csv");
    if (Files.exists(tags)) {
      Lines.read(
          tags,
          StandardCharsets.UTF_8,
          (n, line) -> {
            if (n == 1 && line.startsWith("userId")) {
              return;
            }
            List<String> f = Csv.split(line);
            if (f.size() != 4) {
              throw new IllegalArgumentException(
                  "expected 'userId,movieId,tag,timestamp', got " + f.size() + " fields");
            }
            String tag = InterestTaxonomy.normalize(f.get(2));
            if (!tag.isEmpty()) {
              tagCounts
                  .computeIfAbsent(f.get(1).trim(), k -> new HashMap<>())
                  .merge(tag, 1, Integer::sum);
            }
          });
    }
    Path movies = dir.resolve("movies.csv");
    Map<String, Item> byId = new LinkedHashMap<>();
    if (Files.exists(movies)) {
      Lines.read(
          movies,
          StandardCharsets.UTF_8,
          (n, line) -> {
            if (n == 1 && line.startsWith("movieId")) {
              return;
            }
            List<String> f = Csv.split(line);
            if (f.size() != 3) {
              throw new IllegalArgumentException(
                  "expected 'movieId,title,genres', got " + f.size() + " fields");
            }
            byId.put(f.get(0).trim(), movie(f.get(0).trim(), f.get(1), genres(f.get(2))));
          });
    }
    for (var e : tagCounts.entrySet()) {
      byId.computeIfAbsent(e.getKey(), id -> movie(id, null, List.of()));
    }
    for (Item m : byId.values()) {
      List<String> all = new ArrayList<>(m.hashtags());
      tagCounts.getOrDefault(m.id(), Map.of()).entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(MAX_TAGS_PER_MOVIE)
          .forEach(t -> all.add(t.getKey()));
      b.item(movie(m.id(), m.text(), all));
    }
  }

  private static void rating(
      RatingsSink b, String user, String movie, String rating, String timestamp) {
    long u = Lines.parseLong(user, "user id");
    long m = Lines.parseLong(movie, "movie id");
    double r = Lines.parseDouble(rating, "rating");
    long t = Lines.parseLong(timestamp, "timestamp");
    b.rating(Long.toString(u), Long.toString(m), r, t);
  }

  private static List<String> genres(String pipeSeparated) {
    List<String> out = new ArrayList<>();
    for (String g : pipeSeparated.split("\\|")) {
      String t = g.trim();
      if (!t.isEmpty() && !t.equalsIgnoreCase("(no genres listed)")) {
        out.add(t);
      }
    }
    return out;
  }

  private static Item movie(String id, String title, List<String> tags) {
    List<String> normalized =
        tags.stream()
            .map(InterestTaxonomy::normalize)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    return new Item(id, null, title, normalized, List.of(), null, null, null);
  }

  /**
   * The line split at {@code separator} (a regex), or an error naming the expected layout, which
   * the loader reports with the file and line number.
   */
  static String[] fields(String line, String separator, int expected, String layout) {
    String[] f = line.split(separator);
    if (f.length != expected) {
      throw new IllegalArgumentException("expected '" + layout + "', got " + f.length + " fields");
    }
    return f;
  }
}
