package io.overdrive.serving.grpc;

import io.overdrive.concurrent.TwoWayTable;
import java.util.Arrays;

/**
 * One {@code String} per distinct candidate id of {@code ForYou} calls, recognised by its UTF-8
 * bytes on the wire. Reading each of 500 ids into a new string made every later step meet strings
 * it had never seen: the duplicate check, the recent catalogue and the item cache hashed each anew
 * and compared it byte by byte with the string they kept (a cache miss on that string and on its
 * bytes, per candidate and step), where the API's reader hands out the same string every time (its
 * {@code CanonicalStrings}). Here too the kept string is handed out when the bytes match those it
 * was read from: its hash is known and the next steps compare it by identity.
 *
 * <p>A {@link TwoWayTable} by the hash of the bytes; a miss costs what reading without the table
 * costs (plus a copy of the bytes it keeps). Thread-safe without locks: slots hold immutable
 * records (the kept bytes are never written after), read and written racily.
 */
final class KnownIds {
  /** Ids kept: two per pair of slots (a catalogue of ~16,000 recent posts). */
  private static final int BITS = 15;

  /** The id and the bytes it was read from. */
  private record Kept(byte[] utf8, String id) {}

  private final TwoWayTable<Kept> slots = new TwoWayTable<>(BITS);

  /** The id kept for {@code wire[offset, offset + length)}, or null. */
  String find(byte[] wire, int offset, int length) {
    int pair = slots.pair(hash(wire, offset, length));
    Kept newer = slots.newer(pair);
    if (newer != null && same(newer, wire, offset, length)) {
      return newer.id();
    }
    Kept older = slots.older(pair);
    return older != null && same(older, wire, offset, length) ? older.id() : null;
  }

  /**
   * Keeps an id read (and checked as UTF-8) from {@code utf8}, the caller's own copy of its bytes.
   */
  void keep(byte[] utf8, String id) {
    slots.put(hash(utf8, 0, utf8.length), new Kept(utf8, id));
  }

  private static boolean same(Kept k, byte[] wire, int offset, int length) {
    return k.utf8().length == length
        && Arrays.equals(k.utf8(), 0, length, wire, offset, offset + length);
  }

  private static int hash(byte[] bytes, int offset, int length) {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }
}
