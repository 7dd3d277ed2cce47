package io.overdrive.concurrent;

import java.util.Arrays;

/**
 * Values recognised by the bytes they were read from: a {@link TwoWayTable} whose entries keep a
 * copy of those bytes, a lookup comparing them (one vectorised comparison, nothing decoded). For
 * what request readers see again and again in the same encoding: the candidate ids and described
 * candidates of gRPC calls, the candidate objects of JSON bodies. The caller chooses the hash (only
 * which pair is searched depends on it).
 *
 * <p>Thread-safe without locks: slots hold immutable records (the kept bytes are never written
 * after), read and written racily; a lost write only costs a later miss.
 *
 * @param <T> what is kept (immutable)
 */
public final class BytesTable<T> {
  /** A value and the bytes it was read from. */
  private record Kept<T>(byte[] bytes, T value) {}

  private final TwoWayTable<Kept<T>> slots;

  /**
   * @param bits {@code log2} of the slots (two per pair), 2 to 30
   */
  public BytesTable(int bits) {
    this.slots = new TwoWayTable<>(bits);
  }

  /** The value kept under {@code hash} for {@code bytes[offset, offset + length)}, or null. */
  public T find(int hash, byte[] bytes, int offset, int length) {
    return lookup(hash, bytes, offset, offset + length, true);
  }

  /**
   * The value kept under {@code hash} whose bytes are those at {@code bytes[offset, ...)}, within
   * {@code end}, or null: for values whose bytes tell where they end (a JSON object), found before
   * knowing their length.
   */
  public T findAt(int hash, byte[] bytes, int offset, int end) {
    return lookup(hash, bytes, offset, end, false);
  }

  /** The pair's newer, then older value whose bytes are {@code bytes[offset, end)} or start it. */
  private T lookup(int hash, byte[] bytes, int offset, int end, boolean exact) {
    int pair = slots.pair(hash);
    Kept<T> newer = slots.newer(pair);
    if (newer != null && matches(newer, bytes, offset, end, exact)) {
      return newer.value();
    }
    Kept<T> older = slots.older(pair);
    return older != null && matches(older, bytes, offset, end, exact) ? older.value() : null;
  }

  /**
   * Keeps a value read from {@code bytes}, the caller's own copy (never written after), replacing
   * the older of its pair.
   */
  public void keep(int hash, byte[] bytes, T value) {
    slots.put(hash, new Kept<>(bytes, value));
  }

  /** {@code 31 * h + b} over the bytes, from 1: a hash callers may use. */
  public static int hash(byte[] bytes, int offset, int length) {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  private static <T> boolean matches(Kept<T> k, byte[] bytes, int offset, int end, boolean exact) {
    int length = k.bytes().length;
    return (exact ? length == end - offset : length <= end - offset)
        && Arrays.equals(k.bytes(), 0, length, bytes, offset, offset + length);
  }
}
