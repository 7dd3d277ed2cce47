package io.overdrive.interests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open interest vocabulary. Any hashtag or signup interest is an interest of its own, named by
 * its normalised form ({@code #Sci-Fi} -> {@code sci_fi}); the taxonomy file adds synonyms ({@code
 * scifi} = {@code sci_fi}), groupings ({@code ps5} -> {@code gaming}) and bio words ({@code gamer}
 * -> {@code gaming}). Lookups ignore separators, so {@code sci-fi}, {@code sci_fi}, {@code SciFi}
 * and {@code scifi} all meet a taxonomy entry named {@code sci_fi}.
 */
public final class InterestTaxonomy {
  /** Resource on the classpath with the default taxonomy. */
  public static final String DEFAULT_RESOURCE = "/overdrive/taxonomy.json";

  private final Map<String, String> canonicalByKey;
  private final Map<String, List<String>> parents;
  private final Map<String, List<String>> bioWords;
  private final Set<String> known;

  private InterestTaxonomy(
      Map<String, String> canonicalByKey,
      Map<String, List<String>> parents,
      Map<String, List<String>> bioWords,
      Set<String> known) {
    this.canonicalByKey = Map.copyOf(canonicalByKey);
    this.parents = Map.copyOf(parents);
    this.bioWords = Map.copyOf(bioWords);
    this.known = Set.copyOf(known);
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

  /** Lower case, no leading '#', accents folded, runs of separators -> '_'. */
  public static String normalize(String raw) {
    if (raw == null) {
      return "";
    }
    String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    s = s.toLowerCase(Locale.ROOT);
    while (s.startsWith("#")) {
      s = s.substring(1);
    }
    s = s.replaceAll("[^\\p{L}\\p{N}]+", "_");
    s = s.replaceAll("^_+|_+$", "");
    return s;
  }

  private static String key(String raw) {
    return normalize(raw).replace("_", "");
  }

  /** The canonical interest a tag names: a taxonomy entry, or the normalised tag itself. */
  public String canonical(String tag) {
    String n = normalize(tag);
    if (n.isEmpty()) {
      return n;
    }
    return canonicalByKey.getOrDefault(n.replace("_", ""), n);
  }

  /** The groupings of an interest ({@code ps5} -> {@code gaming}); empty when none. */
  public List<String> parents(String interest) {
    return parents.getOrDefault(interest, List.of());
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

  public Set<String> knownInterests() {
    return known;
  }

  static ObjectMapper mapper() {
    return new JsonMapper();
  }
}
