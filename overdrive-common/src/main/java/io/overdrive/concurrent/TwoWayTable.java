package io.overdrive.concurrent;

/**
 * A small lossy cache of the last values seen by hash, for the hot paths that recognise what they
 * read before (the API's request texts and described items, the serving node's described
 * candidates, the ranker's content features by item): {@code 2^bits} slots in pairs, the hash
 * choosing a pair and the pair holding the newer value first. Two values of one pair take turns
 * only when a third comes, so a miss costs what working without the table costs.
 *
 * <p>The hash is mixed (Fibonacci hashing) before it picks a pair: ids like {@code i100 .. i1999}
 * have dense {@code String} hashes that a mask alone piles into the same slots. Each caller brings
 * its own equality (characters against a string, encoded bytes, object identity), so the table
 * never builds a key.
 *
 * <p>Thread-safe without locks for immutable values (records of final fields, strings): slots are
 * read and written racily, a reader sees either value or null, and a lost write only costs a later
 * miss.
 *
 * @param <T> what is kept
 */
public final class TwoWayTable<T> {
  /** Whether a kept value is the one a caller looks for (its key). */
  @FunctionalInterface
  public interface Match<T, K> {
    boolean matches(T kept, K key);
  }

  private static final int GOLDEN = 0x9E3779B9;

  private final Object[] slots;
  private final int shift;

  /**
   * @param bits {@code log2} of the slots (two per pair), 2 to 30
   */
  public TwoWayTable(int bits) {
    if (bits < 2 || bits > 30) {
      throw new IllegalArgumentException("bits must be 2 to 30, was " + bits);
    }
    this.slots = new Object[1 << bits];
    this.shift = 32 - (bits - 1);
  }

  /** The first (newer) slot of the pair a hash picks; the older is the next one. */
  public int pair(int hash) {
    return ((hash * GOLDEN) >>> shift) << 1;
  }

  /** The newer value of a pair, or null. */
  @SuppressWarnings("unchecked")
  public T newer(int pair) {
    return (T) slots[pair];
  }

  /** The older value of a pair, or null. */
  @SuppressWarnings("unchecked")
  public T older(int pair) {
    return (T) slots[pair + 1];
  }

  /** The value of the hash's pair that matches the key, the newer tried first; or null. */
  public <K> T find(int hash, K key, Match<? super T, ? super K> match) {
    int pair = pair(hash);
    T newer = newer(pair);
    if (newer != null && match.matches(newer, key)) {
      return newer;
    }
    T older = older(pair);
    return older != null && match.matches(older, key) ? older : null;
  }

  /** Keeps a value as its pair's newer, the newer becoming the older (the older is forgotten). */
  public void insert(int pair, T value) {
    slots[pair + 1] = slots[pair];
    slots[pair] = value;
  }

  /** {@link #insert(int, Object)} into the hash's pair. */
  public void put(int hash, T value) {
    insert(pair(hash), value);
  }
}
