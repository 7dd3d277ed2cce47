package io.overdrive.ranking.selector;

import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selects the top N by maximal marginal relevance (Carbonell & Goldstein, 1998): each slot goes to
 * the candidate maximising {@code lambda * score - (1 - lambda) * spread *
 * maxSimilarity(selected)}, where similarity is interest overlap plus same author and {@code
 * spread} the range of the scores in the window considered (so the trade-off does not depend on the
 * blend's scale), under hard caps per author and per interest ({@link DiversityCaps}). When the
 * caps leave slots empty the feed is shorter, unless the {@code fill_beyond_caps} setting asks to
 * fill them (such picks carry the reason {@value #BEYOND_CAPS}).
 */
public final class DiversitySelector implements Selector {
  public static final String NAME = "DiversitySelector";
  public static final String BEYOND_CAPS = NAME + ":beyond_caps";

  /** The window scanned per slot is this many times the limit (at least {@link #MIN_WINDOW}). */
  static final int WINDOW_FACTOR = 8;

  static final int MIN_WINDOW = 64;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(
      RankingQuery query, List<Candidate> candidates, List<Candidate> selectedBefore) {
    int limit = query.limit();
    double lambda = query.settings().mmrLambda();
    int authorCap = query.settings().maxPerAuthor();
    int interestCap = query.settings().interestCap(limit);

    List<Candidate> pool = Arrays.asList(BestFirst.of(candidates));
    // the best-scored items make the cut; the window bounds the work at O(limit * window), and
    // grows only when the caps exhaust it
    int head = Math.min(pool.size(), Math.max(limit * WINDOW_FACTOR, MIN_WINDOW));
    // the novelty penalty in units of the scores the choice is between: blends differ in scale by
    // orders of magnitude (a trained blend's scores span a few hundredths, the hand-set one's
    // tenths), and a fixed penalty would reorder the one and not the other
    double spread = spread(pool, head);
    double[] maxSim = new double[pool.size()];
    boolean[] taken = new boolean[pool.size()];
    Coded coded = new Coded(pool, authorCap, interestCap);
    coded.upTo(head);
    coded.indexInterests();
    List<Candidate> selected = new ArrayList<>(limit);
    Map<Candidate, String> reasons = new IdentityHashMap<>(4);

    while (selected.size() < limit) {
      int best = pick(pool, head, taken, maxSim, lambda, spread, coded);
      if (best < 0 && head < pool.size()) {
        coded.upTo(pool.size());
        coded.indexInterests();
        for (int j = head; j < pool.size(); j++) {
          for (int s : coded.picked) {
            maxSim[j] = Math.max(maxSim[j], coded.similarity(s, j));
          }
        }
        head = pool.size();
        continue;
      }
      boolean beyondCaps = false;
      if (best < 0 && query.settings().fillBeyondCaps()) {
        best = pick(pool, head, taken, maxSim, lambda, spread, null);
        beyondCaps = true;
      }
      if (best < 0) {
        break;
      }
      Candidate c = pool.get(best);
      taken[best] = true;
      coded.pick(best);
      if (beyondCaps) {
        reasons.put(c, BEYOND_CAPS);
      }
      selected.add(c);
      coded.count(best);
      for (int j = 0; j < head; j++) {
        if (!taken[j]) {
          maxSim[j] = Math.max(maxSim[j], coded.similarity(best, j));
        }
      }
    }
    return new Selection(selected, reasons);
  }

  /** The best candidate of the window by MMR within the caps ({@code caps} null: beyond them). */
  private static int pick(
      List<Candidate> pool,
      int head,
      boolean[] taken,
      double[] maxSim,
      double lambda,
      double spread,
      Coded caps) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < head; j++) {
      if (taken[j]) {
        continue;
      }
      Candidate c = pool.get(j);
      double value = lambda * c.score() - (1 - lambda) * spread * maxSim[j];
      if (value > bestValue && (caps == null || caps.allows(j))) {
        bestValue = value;
        best = j;
      }
    }
    return best;
  }

  /**
   * The range of the scores among the first {@code head} candidates (sorted best first), the scale
   * of the MMR penalty: a similarity of 1 costs {@code (1 - lambda) / lambda} of it. Not below a
   * tiny floor, so equal scores still leave the choice to novelty.
   */
  static double spread(List<Candidate> sorted, int head) {
    if (head == 0) {
      return 1;
    }
    double range = sorted.get(0).score() - sorted.get(head - 1).score();
    return Double.isFinite(range) && range > 1e-9 ? range : 1e-9;
  }

  /**
   * Every pair's similarity as the selector computes it within one pool (codes and bit sets shared
   * by the pool, as in a ranking, coded in two steps as when the caps exhaust the window), for
   * tests.
   */
  static double[][] similarities(List<Candidate> pool) {
    Coded coded = new Coded(pool);
    coded.upTo(pool.size() / 3);
    coded.indexInterests();
    coded.upTo(pool.size());
    coded.indexInterests();
    double[][] out = new double[pool.size()][pool.size()];
    for (int a = 0; a < pool.size(); a++) {
      for (int b = 0; b < pool.size(); b++) {
        out[a][b] = coded.similarity(a, b);
      }
    }
    return out;
  }

  /** Jaccard overlap of interests, plus 0.5 for the same author, capped at 1. */
  static double similarity(Candidate a, Candidate b) {
    Coded coded = new Coded(List.of(a, b));
    coded.upTo(2);
    coded.indexInterests();
    return coded.similarity(0, 1);
  }

  /**
   * Strings numbered 0, 1, 2, ... in the order first asked for: an open-addressing table of the
   * strings and their numbers (a {@code HashMap<String, Integer>} built a node and often a box per
   * string, and its lookups were ~6% of an ids ranking's request-thread CPU). The interests are the
   * taxonomy's own strings, so most comparisons are of the same object.
   */
  static final class Codes {
    private String[] keys;
    private int[] values;
    private int size;

    /** For about {@code expected} strings (it grows past half full). */
    Codes(int expected) {
      int capacity = Integer.highestOneBit(Math.max(16, 2 * expected) - 1) << 1;
      keys = new String[capacity];
      values = new int[capacity];
    }

    /** The number of {@code s}: the one it was given, else the next. */
    int code(String s) {
      int mask = keys.length - 1;
      int h = s.hashCode();
      for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
        String k = keys[i];
        if (k == null) {
          if (2 * (size + 1) > keys.length) {
            grow();
            return code(s);
          }
          keys[i] = s;
          values[i] = size;
          return size++;
        }
        if (k == s || k.equals(s)) {
          return values[i];
        }
      }
    }

    /** How many strings have a number. */
    int size() {
      return size;
    }

    private void grow() {
      String[] oldKeys = keys;
      int[] oldValues = values;
      keys = new String[2 * oldKeys.length];
      values = new int[keys.length];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        String k = oldKeys[j];
        if (k != null) {
          int h = k.hashCode();
          int i = (h ^ (h >>> 16)) & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = k;
          values[i] = oldValues[j];
        }
      }
    }
  }

  /**
   * The pool's interests and authors as small integers, coded once per request: the selection
   * compares each pick with every candidate of the window (20 x 160 pairs for a feed of 20), and
   * comparing strings there was a third of a described request's ranking CPU. Same definition as on
   * the strings: the interests of b found among a's, over the size of the union.
   *
   * <p>It also keeps the response's caps ({@link DiversityCaps}' rules) on the codes: a count per
   * author and per main interest in arrays, where checking each candidate of the window for each
   * slot through the caps' maps by string was ~4% of a described ranking's CPU.
   */
  private static final class Coded {
    private final List<Candidate> pool;

    /** Interests and authors are numbered apart (bit sets as wide as the window's interests). */
    private final Codes codes;

    private final Codes authorCodes;
    private final int[][] interests;
    private final int[] authors;
    private int coded;

    /**
     * Per candidate {@code j}: its interest codes as a bit set, the {@link #words} longs from
     * {@code j * words}; {@link #repeats} when its codes repeat (an {@link ItemInterests} built
     * with a name twice; {@link ItemInterests#of} never does), where the overlap is counted as on
     * the lists. The window's picks are compared with every candidate (20 x 160 pairs), and the
     * nested loop over two lists of codes was a quarter of a described ranking's request-thread
     * CPU; with distinct codes the number of b's interests found among a's is the size of the two
     * sets' intersection, the same integer.
     */
    private long[] bits;

    private boolean[] repeats;
    private int words;
    private int bitsUpTo;

    /** Per candidate: the codes of its main interests ({@link ItemInterests#isMain}). */
    private final int[][] mainInterests;

    private final int authorCap;
    private final int interestCap;

    /** Picks per author code and per main interest code, grown as codes are added. */
    private int[] perAuthor = new int[64];

    private int[] perInterest = new int[64];

    /** Pool positions of the picks so far, in order. */
    private final List<Integer> picked = new ArrayList<>();

    Coded(List<Candidate> pool) {
      this(pool, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    Coded(List<Candidate> pool, int authorCap, int interestCap) {
      this.pool = pool;
      this.authorCap = authorCap;
      this.interestCap = interestCap;
      this.mainInterests = new int[pool.size()][];
      // sized for the window's interests and authors (a few hundred: rehashing was costly)
      int window = Math.min(pool.size(), 4 * MIN_WINDOW);
      this.codes = new Codes(window);
      this.authorCodes = new Codes(window);
      this.interests = new int[pool.size()][];
      this.authors = new int[pool.size()];
    }

    /** Codes the candidates before {@code end} not coded yet. */
    void upTo(int end) {
      for (; coded < end; coded++) {
        Candidate c = pool.get(coded);
        List<String> names = c.interests();
        double[] weights = c.weightedInterests().weights();
        // ItemInterests.isMain(i) for every i, its maximum taken once (it takes it per call)
        double max = 0;
        for (double w : weights) {
          max = Math.max(max, w);
        }
        double mainFrom = ItemInterests.MAIN_SHARE * max - 1e-12;
        int[] ids = new int[names.size()];
        int mains = 0;
        for (int i = 0; i < ids.length; i++) {
          ids[i] = code(names.get(i));
          if (weights[i] >= mainFrom) {
            mains++;
          }
        }
        int[] main = new int[mains];
        for (int i = 0, m = 0; i < ids.length; i++) {
          if (weights[i] >= mainFrom) {
            main[m++] = ids[i];
          }
        }
        mainInterests[coded] = main;
        interests[coded] = ids;
        String author = c.item().authorId();
        authors[coded] = author == null ? -1 : authorCodes.code(author);
      }
    }

    private int code(String s) {
      return codes.code(s);
    }

    void pick(int j) {
      picked.add(j);
    }

    /**
     * Whether taking candidate {@code j} (coded) keeps every cap, as {@link DiversityCaps#allows}.
     */
    boolean allows(int j) {
      int author = authors[j];
      if (author >= 0 && count(perAuthor, author) >= authorCap) {
        return false;
      }
      for (int interest : mainInterests[j]) {
        if (count(perInterest, interest) >= interestCap) {
          return false;
        }
      }
      return true;
    }

    /** Counts candidate {@code j} against the caps, as {@link DiversityCaps#add}. */
    void count(int j) {
      if (authors[j] >= 0) {
        perAuthor = increment(perAuthor, authors[j]);
      }
      for (int interest : mainInterests[j]) {
        perInterest = increment(perInterest, interest);
      }
    }

    private static int count(int[] counts, int code) {
      return code < counts.length ? counts[code] : 0;
    }

    private static int[] increment(int[] counts, int code) {
      int[] out = code < counts.length ? counts : Arrays.copyOf(counts, 2 * code + 2);
      out[code]++;
      return out;
    }

    /**
     * The bit sets of the candidates coded so far; called after {@link #upTo}, before {@link
     * #similarity} (again after the window grew: the codes' range may have grown with it).
     */
    void indexInterests() {
      int w = (codes.size() + 63) >>> 6;
      if (bits == null || w != words || repeats.length < coded) {
        // the window's candidates (a few KB); anew in the rare case the window grows
        bits = new long[coded * w];
        repeats = new boolean[coded];
        words = w;
        bitsUpTo = 0;
      }
      for (; bitsUpTo < coded; bitsUpTo++) {
        int base = bitsUpTo * w;
        boolean repeated = false;
        for (int id : interests[bitsUpTo]) {
          long bit = 1L << id;
          int at = base + (id >>> 6);
          repeated |= (bits[at] & bit) != 0;
          bits[at] |= bit;
        }
        repeats[bitsUpTo] = repeated;
      }
    }

    double similarity(int a, int b) {
      double sim = 0;
      int[] ai = interests[a];
      int[] bi = interests[b];
      if (ai.length > 0 && bi.length > 0) {
        int common = 0;
        if (a < bitsUpTo && b < bitsUpTo && !repeats[a] && !repeats[b]) {
          for (int k = a * words, l = b * words, end = k + words; k < end; k++, l++) {
            common += Long.bitCount(bits[k] & bits[l]);
          }
        } else {
          for (int x : bi) {
            for (int y : ai) {
              if (x == y) {
                common++;
                break;
              }
            }
          }
        }
        sim = common / (double) (ai.length + bi.length - common);
      }
      if (authors[a] >= 0 && authors[a] == authors[b]) {
        sim += 0.5;
      }
      return Math.min(1, sim);
    }
  }
}
