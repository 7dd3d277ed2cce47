package io.overdrive.serving.grpc;

import io.overdrive.concurrent.BytesTable;

/**
 * One {@code String} per distinct candidate id of {@code ForYou} calls, recognised by its UTF-8
 * bytes on the wire. Reading each of 500 ids into a new string made every later step meet strings
 * it had never seen: the duplicate check, the recent catalogue and the item cache hashed each anew
 * and compared it byte by byte with the string they kept (a cache miss on that string and on its
 * bytes, per candidate and step), where the API's reader hands out the same string every time (its
 * {@code CanonicalStrings}). Here too the kept string is handed out when the bytes match those it
 * was read from: its hash is known and the next steps compare it by identity. A miss costs what
 * reading without the table costs, plus a copy of the bytes it keeps.
 */
final class KnownIds {
  /** Ids kept: two per pair of slots (a catalogue of ~16,000 recent posts). */
  private static final int BITS = 15;

  private final BytesTable<String> slots = new BytesTable<>(BITS);

  /** The id kept for {@code wire[offset, offset + length)}, or null. */
  String find(byte[] wire, int offset, int length) {
    return slots.find(BytesTable.hash(wire, offset, length), wire, offset, length);
  }

  /**
   * Keeps an id read (and checked as UTF-8) from {@code utf8}, the caller's own copy of its bytes.
   */
  void keep(byte[] utf8, String id) {
    slots.keep(BytesTable.hash(utf8, 0, utf8.length), utf8, id);
  }
}
