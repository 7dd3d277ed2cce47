package io.overdrive.catalogue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.proto.v1.CatalogueItem;
import io.overdrive.proto.v1.UserProfileRecord;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.RequestLimits;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * Maps catalogue changes to and from the protobuf records on the items and users topics (decision
 * 0204). Decoding applies the REST edge's bounds ({@link CandidateValidation}, {@link
 * RequestLimits}): whatever the API published decodes, anything else is a poison record with a
 * reason naming the field. A record without a value (a Kafka tombstone, e.g. written by an operator
 * to make compaction forget an id) is a takedown or an erasure.
 */
public final class CatalogueProto {
  private CatalogueProto() {}

  public static byte[] encode(ItemChange change) {
    CatalogueItem.Builder b =
        CatalogueItem.newBuilder().setId(change.itemId()).setUpdatedAt(ts(change.at()));
    if (change.isTakedown()) {
      return b.setTakenDown(true).build().toByteArray();
    }
    Item i = change.item();
    b.addAllHashtags(i.hashtags()).addAllMediaTypes(i.mediaTypes());
    if (i.authorId() != null) {
      b.setAuthorId(i.authorId());
    }
    if (i.text() != null) {
      b.setContent(i.text());
    }
    if (i.createdAt() != null) {
      b.setCreatedAt(ts(i.createdAt()));
    }
    if (i.engagementRate() != null) {
      b.setEngagementRate(i.engagementRate());
    }
    if (i.qualityScore() != null) {
      b.setQualityScore(i.qualityScore());
    }
    return b.build().toByteArray();
  }

  /**
   * Decodes one record of the items topic.
   *
   * @param key the record's key (the item id), used when the value is null
   * @param recordTime the record's timestamp, the change's time when the value does not say
   * @throws InvalidInputException naming the field, or {@code $} for bytes that are no record
   */
  public static ItemChange decodeItem(byte[] key, byte[] value, Instant recordTime) {
    if (value == null) {
      return ItemChange.takedown(tombstoneId(key, "id"), recordTime);
    }
    CatalogueItem p;
    try {
      p = CatalogueItem.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException("$", "not a protobuf CatalogueItem: " + e.getMessage());
    }
    String id = RequestLimits.id("id", p.getId());
    Instant at = p.hasUpdatedAt() ? instant(p.getUpdatedAt(), "updated_at") : recordTime;
    if (p.getTakenDown()) {
      return ItemChange.takedown(id, at);
    }
    Item item =
        CandidateValidation.described(
            "",
            id,
            emptyToNull(p.getContent()),
            p.getHashtagsList(),
            p.getMediaTypesList(),
            p.hasEngagementRate() ? p.getEngagementRate() : null,
            p.hasQualityScore() ? p.getQualityScore() : null,
            emptyToNull(p.getAuthorId()),
            p.hasCreatedAt() ? instant(p.getCreatedAt(), "created_at") : null);
    return ItemChange.upsert(item, at);
  }

  public static byte[] encode(UserChange change) {
    UserProfileRecord.Builder b =
        UserProfileRecord.newBuilder().setUserId(change.userId()).setUpdatedAt(ts(change.at()));
    if (change.isErasure()) {
      return b.setErased(true).build().toByteArray();
    }
    UserProfile p = change.profile();
    return b.addAllInterests(p.interests())
        .setBio(p.bio())
        .addAllFollows(p.follows())
        .build()
        .toByteArray();
  }

  /** Decodes one record of the users topic; see {@link #decodeItem}. */
  public static UserChange decodeUser(byte[] key, byte[] value, Instant recordTime) {
    if (value == null) {
      return UserChange.erasure(tombstoneId(key, "user_id"), recordTime);
    }
    UserProfileRecord p;
    try {
      p = UserProfileRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException("$", "not a protobuf UserProfileRecord: " + e.getMessage());
    }
    String userId = RequestLimits.id("user_id", p.getUserId());
    Instant at = p.hasUpdatedAt() ? instant(p.getUpdatedAt(), "updated_at") : recordTime;
    if (p.getErased()) {
      return UserChange.erasure(userId, at);
    }
    List<String> interests = p.getInterestsList();
    List<String> follows = p.getFollowsList();
    RequestLimits.profile("", interests, p.getBio(), follows);
    return UserChange.profile(new UserProfile(userId, interests, p.getBio(), follows, at));
  }

  private static String tombstoneId(byte[] key, String field) {
    if (key == null) {
      throw new InvalidInputException(field, "a record without value or key names nothing");
    }
    return RequestLimits.id(field, new String(key, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Instant instant(Timestamp t, String field) {
    try {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidInputException(field, "is out of range");
    }
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
