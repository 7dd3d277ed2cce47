package io.overdrive.serving.grpc;

import io.overdrive.concurrent.BytesTable;
import io.overdrive.domain.Item;

/**
 * The described candidates of {@code ForYou} calls as {@link Item}s, recognised by their encoded
 * bytes: a timeline service describes the same post the same way call after call, and protobuf
 * encodes the same message to the same bytes. A candidate whose encoding is byte for byte that of
 * the last candidate kept with its id is that {@link Item} ({@link #find}: one comparison of ~200
 * bytes, nothing decoded, nothing allocated); anything else is parsed and checked anew by the edge
 * and {@link #keep kept}. Parsing each candidate into a message (a string per field, two lists, a
 * timestamp) was most of the serving node's ~900 KB per described call (docs/benchmarks.md).
 *
 * <p>A {@link BytesTable} by the hash of the candidate's id bytes: a miss costs what reading
 * without the table costs. Thread-safe without locks: slots hold immutable records (the kept bytes
 * are never written after), read and written racily; a lost write only costs a later miss.
 */
final class KnownCandidates {
  private static final int BITS = 14;

  /** Longer encodings (long posts) are parsed every time rather than kept. */
  static final int MAX_KEPT_BYTES = 2048;

  /** The tag of {@code CandidateItem.id}: field 1, length-delimited. */
  private static final byte ID_TAG = (1 << 3) | 2;

  private final BytesTable<Item> slots = new BytesTable<>(BITS);

  /** The item kept for a candidate encoded as {@code wire[offset, offset + length)}, or null. */
  Item find(byte[] wire, int offset, int length) {
    if (length > MAX_KEPT_BYTES) {
      return null;
    }
    return slots.find(idHash(wire, offset, length), wire, offset, length);
  }

  /**
   * Keeps the item read from a candidate's encoding (replacing the older of its pair).
   *
   * @param encoded the candidate's bytes, the caller's own copy (never written after)
   */
  void keep(byte[] encoded, Item item) {
    if (encoded.length <= MAX_KEPT_BYTES) {
      slots.keep(idHash(encoded, 0, encoded.length), encoded, item);
    }
  }

  /**
   * The hash of the id's bytes when the encoding starts with a short id (protobuf writes fields in
   * number order, so it does), else of the first bytes: only which pair it picks depends on it.
   */
  static int idHash(byte[] wire, int offset, int length) {
    int from = offset;
    int to = offset + Math.min(length, 32);
    if (length >= 2 && wire[offset] == ID_TAG && wire[offset + 1] >= 0) {
      from = offset + 2;
      to = Math.min(from + wire[offset + 1], offset + length);
    }
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + wire[i];
    }
    return h;
  }
}
