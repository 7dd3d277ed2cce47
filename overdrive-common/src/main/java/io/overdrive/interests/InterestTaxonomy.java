package io.overdrive.interests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open interest vocabulary. Any hashtag or signup interest is an interest of its own, named by
 * its normalised form ({@code #Sci-Fi} -> {@code sci_fi}); the taxonomy file adds synonyms ({@code
 * scifi} = {@code sci_fi}), groupings ({@code ps5} -> {@code gaming}) and bio words ({@code gamer}
 * -> {@code gaming}). Lookups ignore separators, so {@code sci-fi}, {@code sci_fi}, {@code SciFi}
 * and {@code scifi} all meet a taxonomy entry named {@code sci_fi}.
 *
 * <p>Groupings are transitive ({@code running} -> {@code fitness} -> {@code health}); {@link
 * #ancestors} lists them nearest first. Canonical forms and expansions are cached, because the
 * ranking hot path resolves every candidate's hashtags on every request.
 */
public final class InterestTaxonomy {
  /** Resource on the classpath with the default taxonomy. */
  public static final String DEFAULT_RESOURCE = "/overdrive/taxonomy.json";

  /** Bound of the canonical-form caches; a full cache is cleared (hashtags are long-tailed). */
  static final int CACHE_LIMIT = 100_000;

  private final Map<String, String> canonicalByKey;
  private final Map<String, List<String>> parents;
  private final Map<String, List<Ancestor>> ancestors;
  private final Map<String, List<String>> bioWords;
  private final Set<String> known;
  private final Map<String, String> canonicalCache = new ConcurrentHashMap<>();
  private final Map<String, List<String>> expansionCache = new ConcurrentHashMap<>();

  /** A grouping of an interest, {@code depth} steps up (1 = direct parent). */
  public record Ancestor(String interest, int depth) {}

  private InterestTaxonomy(
      Map<String, String> canonicalByKey,
      Map<String, List<String>> parents,
      Map<String, List<String>> bioWords,
      Set<String> known) {
    this.canonicalByKey = Map.copyOf(canonicalByKey);
    this.parents = Map.copyOf(parents);
    this.bioWords = Map.copyOf(bioWords);
    this.known = Set.copyOf(known);
    Map<String, List<Ancestor>> closure = new HashMap<>();
    for (String interest : parents.keySet()) {
      closure.put(interest, List.copyOf(closureOf(interest, parents)));
    }
    this.ancestors = Map.copyOf(closure);
  }

  /** Breadth-first walk up the groupings; a cycle in the file cannot loop. */
  private static List<Ancestor> closureOf(String interest, Map<String, List<String>> parents) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    Deque<Ancestor> queue = new ArrayDeque<>();
    queue.add(new Ancestor(interest, 0));
    while (!queue.isEmpty()) {
      Ancestor a = queue.poll();
      for (String p : parents.getOrDefault(a.interest(), List.of())) {
        if (!p.equals(interest) && !seen.containsKey(p)) {
          seen.put(p, a.depth() + 1);
          queue.add(new Ancestor(p, a.depth() + 1));
        }
      }
    }
    List<Ancestor> out = new ArrayList<>();
    seen.forEach((k, d) -> out.add(new Ancestor(k, d)));
    return out;
  }

  public static InterestTaxonomy empty() {
    return new InterestTaxonomy(Map.of(), Map.of(), Map.of(), Set.of());
  }

  public static InterestTaxonomy loadDefault() {
    try (InputStream in = InterestTaxonomy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
      }
      return parse(new JsonMapper().readTree(in), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The taxonomy an app's {@code OVERDRIVE_TAXONOMY_FILE} setting names: that file, or the bundled
   * default when the setting is absent or blank.
   */
  public static InterestTaxonomy fromSetting(String file) {
    return file == null || file.isBlank() ? loadDefault() : load(Path.of(file));
  }

  public static InterestTaxonomy load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(new JsonMapper().readTree(in), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read taxonomy " + file, e);
    }
  }

  /**
   * Format: {@code {"interests": {"gaming": {"synonyms": ["games", "ps5"], "parents": [],
   * "bio_words": ["gamer"]}, ...}}}.
   */
  static InterestTaxonomy parse(JsonNode root, String source) {
    JsonNode interests = root.path("interests");
    if (!interests.isObject()) {
      throw new IllegalArgumentException(source + ": expected an object field 'interests'");
    }
    Map<String, String> canonical = new HashMap<>();
    Map<String, List<String>> parents = new HashMap<>();
    Map<String, List<String>> bio = new HashMap<>();
    Set<String> known = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> e : interests.properties()) {
      String name = normalize(e.getKey());
      if (name.isEmpty()) {
        throw new IllegalArgumentException(source + ": empty interest name");
      }
      known.add(name);
      canonical.put(key(name), name);
      for (JsonNode syn : e.getValue().path("synonyms")) {
        canonical.put(key(syn.asString()), name);
      }
      List<String> ps = new ArrayList<>();
      for (JsonNode p : e.getValue().path("parents")) {
        ps.add(normalize(p.asString()));
      }
      parents.put(name, ps);
      for (JsonNode w : e.getValue().path("bio_words")) {
        bio.computeIfAbsent(normalize(w.asString()), k -> new ArrayList<>()).add(name);
      }
    }
    for (List<String> ps : parents.values()) {
      for (String p : ps) {
        known.add(p);
        canonical.putIfAbsent(key(p), p);
      }
    }
    return new InterestTaxonomy(canonical, parents, bio, known);
  }

  /**
   * Lower case, no leading '#', accents folded, every run of characters other than letters and
   * digits -> one '_', no leading or trailing '_'. Written without regular expressions: it runs for
   * every hashtag the ranker has not seen before.
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = raw;
    if (!isAscii(s)) {
      s = stripMarks(Normalizer.normalize(s, Normalizer.Form.NFKD));
    }
    s = s.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSeparator = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isLetterOrNumber(cp)) {
        if (pendingSeparator && out.length() > 0) {
          out.append('_');
        }
        pendingSeparator = false;
        out.appendCodePoint(cp);
      } else {
        pendingSeparator = true;
      }
    }
    return out.toString();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String stripMarks(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type != Character.NON_SPACING_MARK
          && type != Character.COMBINING_SPACING_MARK
          && type != Character.ENCLOSING_MARK) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /** {@code \p{L}} or {@code \p{N}}. */
  public static boolean isLetterOrNumber(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }

  private static String key(String raw) {
    return normalize(raw).replace("_", "");
  }

  /** The canonical interest a tag names: a taxonomy entry, or the normalised tag itself. */
  public String canonical(String tag) {
    if (tag == null) {
      return "";
    }
    String cached = canonicalCache.get(tag);
    if (cached != null) {
      return cached;
    }
    String n = normalize(tag);
    String c = n.isEmpty() ? n : canonicalByKey.getOrDefault(n.replace("_", ""), n);
    if (canonicalCache.size() >= CACHE_LIMIT) {
      canonicalCache.clear();
    }
    canonicalCache.put(tag, c);
    return c;
  }

  /** The direct groupings of an interest ({@code ps5} -> {@code gaming}); empty when none. */
  public List<String> parents(String interest) {
    return parents.getOrDefault(interest, List.of());
  }

  /** Every grouping above an interest, nearest first, with its distance; empty when none. */
  public List<Ancestor> ancestors(String interest) {
    return ancestors.getOrDefault(interest, List.of());
  }

  /**
   * The canonical interest of a tag followed by all its groupings: what an item carrying the tag is
   * about ({@code #PS5} -> {@code [ps5, gaming]}). Empty for a tag with no letters or digits.
   */
  public List<String> expand(String tag) {
    if (tag == null) {
      return List.of();
    }
    List<String> cached = expansionCache.get(tag);
    if (cached != null) {
      return cached;
    }
    String c = canonical(tag);
    List<String> out;
    if (c.isEmpty()) {
      out = List.of();
    } else {
      List<Ancestor> up = ancestors(c);
      List<String> names = new ArrayList<>(1 + up.size());
      names.add(c);
      for (Ancestor a : up) {
        names.add(a.interest());
      }
      out = List.copyOf(names);
    }
    if (expansionCache.size() >= CACHE_LIMIT) {
      expansionCache.clear();
    }
    expansionCache.put(tag, out);
    return out;
  }

  /** Canonical interests of the tags, de-duplicated, order kept. */
  public List<String> canonicalAll(Collection<String> tags) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : tags) {
      String c = canonical(t);
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /** Interests a bio word points at (after normalisation), or an empty list. */
  public List<String> interestsForBioWord(String word) {
    String n = normalize(word);
    List<String> direct = bioWords.get(n);
    if (direct != null) {
      return direct;
    }
    String c = canonicalByKey.get(n.replace("_", ""));
    return c == null ? List.of() : List.of(c);
  }

  public boolean isKnown(String interest) {
    return known.contains(interest);
  }
}
