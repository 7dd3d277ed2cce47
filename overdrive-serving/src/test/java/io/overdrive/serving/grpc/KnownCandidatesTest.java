package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.overdrive.domain.Item;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.ranking.RankRequest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A post described again exactly as before is the item read before; a post whose description
 * changed in any field is read anew, so the ranking always sees what the caller sent.
 */
class KnownCandidatesTest {
  private static final CandidateItem POST =
      CandidateItem.newBuilder()
          .setId("p1")
          .setContent("sunset at the beach #travel")
          .addHashtags("travel")
          .addHashtags("photo")
          .addMediaTypes("image")
          .setEngagementRate(0.0412)
          .setQualityScore(0.83)
          .setAuthorId("a7")
          .setCreatedAt(Timestamp.newBuilder().setSeconds(1_764_000_000L).setNanos(5))
          .build();

  /** The item the edge reads from {@link #POST}. */
  private static final Item READ =
      new Item(
          "p1",
          "a7",
          "sunset at the beach #travel",
          List.of("travel", "photo"),
          List.of("image"),
          java.time.Instant.ofEpochSecond(1_764_000_000L, 5),
          0.0412,
          0.83);

  /** As the server receives it: its bytes, here in the middle of a larger buffer. */
  private static Item find(KnownCandidates known, CandidateItem c) {
    byte[] encoded = c.toByteArray();
    byte[] wire = new byte[encoded.length + 20];
    System.arraycopy(encoded, 0, wire, 7, encoded.length);
    return known.find(wire, 7, encoded.length);
  }

  private static ForYouRequest request(CandidateItem... candidates) {
    ForYouRequest r =
        ForYouRequest.newBuilder()
            .setUserId("u")
            .addCandidateIds("i9")
            .addAllCandidates(List.of(candidates))
            .build();
    try {
      return ForYouRequest.parseFrom(r.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theSameDescriptionIsTheSameItem() {
    KnownCandidates known = new KnownCandidates();
    assertThat(find(known, POST)).isNull();
    Item item = READ;
    known.keep(POST.toByteArray(), item);
    assertThat(find(known, POST)).isSameAs(item);
    assertThat(find(known, CandidateItem.newBuilder(POST).build())).isSameAs(item);
  }

  @Test
  void aChangeInAnyFieldIsReadAnew() {
    KnownCandidates known = new KnownCandidates();
    Item read =
        new RankingGrpcService(null, Runnable::run)
            .toRankRequest(request(POST))
            .candidates()
            .get(1);
    known.keep(POST.toByteArray(), read);
    assertThat(find(known, POST)).isSameAs(read);
    List<UnaryOperator<CandidateItem.Builder>> changes =
        List.of(
            b -> b.setContent("sunrise at the beach #travel"),
            b -> b.setHashtags(1, "beach"),
            b -> b.addHashtags("beach"),
            b -> b.clearHashtags().addHashtags("photo").addHashtags("travel"),
            b -> b.setMediaTypes(0, "video"),
            b -> b.clearMediaTypes(),
            b -> b.setEngagementRate(0.0413),
            b -> b.clearQualityScore(),
            b -> b.setAuthorId("a8"),
            b -> b.setCreatedAt(POST.getCreatedAt().toBuilder().setNanos(6)),
            b -> b.clearCreatedAt(),
            b -> b.setId("p2"));
    for (UnaryOperator<CandidateItem.Builder> change : changes) {
      assertThat(find(known, change.apply(POST.toBuilder()).build())).isNull();
    }
  }

  /** The edge reads a request the same way the first time and every time after. */
  @Test
  void theEdgeReadsARequestAlikeEveryTime() {
    RankingGrpcService edge = new RankingGrpcService(null, Runnable::run);
    CandidateItem bare = CandidateItem.newBuilder().setId("p3").build();
    RankRequest first = edge.toRankRequest(request(POST, bare));
    RankRequest again = edge.toRankRequest(request(POST, bare));
    assertThat(again).isEqualTo(first);
    assertThat(again.candidates().get(1)).isSameAs(first.candidates().get(1));
    assertThat(first.candidates()).containsExactly(Item.withId("i9"), READ, Item.withId("p3"));
    CandidateItem changed = POST.toBuilder().setQualityScore(0.5).build();
    assertThat(edge.toRankRequest(request(changed, bare)).candidates().get(1).qualityScore())
        .isEqualTo(0.5);
  }
}
