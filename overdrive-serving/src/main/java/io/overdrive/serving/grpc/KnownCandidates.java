package io.overdrive.serving.grpc;

import com.google.protobuf.ByteString;
import io.overdrive.concurrent.TwoWayTable;
import io.overdrive.domain.Item;
import io.overdrive.proto.v1.CandidateItem;
import java.time.Instant;

/**
 * The described candidates of {@code ForYou} calls as {@link Item}s, recognising a post described
 * exactly as before: a timeline service describes the same post the same way call after call, and
 * reading each one anew (a string per field, the lists copied, an instant, the item) cost more than
 * the REST edge's reader, which keeps its items the same way. A candidate whose encoded fields are
 * byte for byte those of the last candidate read with its id is that {@link Item} ({@link #find}),
 * compared without decoding a string; anything else is read and checked anew by the edge and {@link
 * #keep kept}.
 *
 * <p>A {@link TwoWayTable} by the id's hash: a miss costs what reading without the table costs.
 * Thread-safe without locks: slots hold immutable records, read and written racily; a lost write
 * only costs a later miss.
 */
final class KnownCandidates {
  private static final int BITS = 14;

  /** An item and the encoded fields it was read from. */
  private record Known(
      Item item,
      ByteString id,
      ByteString content,
      ByteString authorId,
      ByteString[] hashtags,
      ByteString[] mediaTypes) {}

  private final TwoWayTable<Known> slots = new TwoWayTable<>(BITS);

  /** The item kept for a candidate described exactly so, or null. */
  Item find(CandidateItem c) {
    Known same = slots.find(c.getIdBytes().hashCode(), c, KnownCandidates::same);
    return same == null ? null : same.item();
  }

  /** Keeps the item read from a candidate (replacing the one kept for its slot). */
  void keep(CandidateItem c, Item item) {
    ByteString[] hashtags = new ByteString[c.getHashtagsCount()];
    for (int i = 0; i < hashtags.length; i++) {
      hashtags[i] = c.getHashtagsBytes(i);
    }
    ByteString[] mediaTypes = new ByteString[c.getMediaTypesCount()];
    for (int i = 0; i < mediaTypes.length; i++) {
      mediaTypes[i] = c.getMediaTypesBytes(i);
    }
    ByteString id = c.getIdBytes();
    slots.put(
        id.hashCode(),
        new Known(item, id, c.getContentBytes(), c.getAuthorIdBytes(), hashtags, mediaTypes));
  }

  private static boolean same(Known k, CandidateItem c) {
    Item i = k.item();
    if (!k.id().equals(c.getIdBytes())
        || !k.content().equals(c.getContentBytes())
        || !k.authorId().equals(c.getAuthorIdBytes())
        || k.hashtags().length != c.getHashtagsCount()
        || k.mediaTypes().length != c.getMediaTypesCount()
        || !same(i.engagementRate(), c.hasEngagementRate(), c.getEngagementRate())
        || !same(i.qualityScore(), c.hasQualityScore(), c.getQualityScore())
        || !same(i.createdAt(), c)) {
      return false;
    }
    for (int t = 0; t < k.hashtags().length; t++) {
      if (!k.hashtags()[t].equals(c.getHashtagsBytes(t))) {
        return false;
      }
    }
    for (int t = 0; t < k.mediaTypes().length; t++) {
      if (!k.mediaTypes()[t].equals(c.getMediaTypesBytes(t))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Double kept, boolean has, double value) {
    return kept == null
        ? !has
        : has && Double.doubleToRawLongBits(kept) == Double.doubleToRawLongBits(value);
  }

  private static boolean same(Instant kept, CandidateItem c) {
    return kept == null
        ? !c.hasCreatedAt()
        : c.hasCreatedAt()
            && kept.getEpochSecond() == c.getCreatedAt().getSeconds()
            && kept.getNano() == c.getCreatedAt().getNanos();
  }
}
