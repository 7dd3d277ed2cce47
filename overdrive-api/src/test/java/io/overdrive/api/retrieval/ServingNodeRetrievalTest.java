package io.overdrive.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.EventIngestor;
import io.overdrive.model.ModelFixtures;
import io.overdrive.proto.v1.Hit;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.InfoResponse;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.retrieval.SyntheticEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /rank/for-you without candidates retrieves from a serving node over real gRPC (Netty on a
 * random port) and falls back to in-process retrieval, saying so, when the node is down or slow.
 * The node serves items {@code n*}, the local (fixture) model items {@code i*}, so the answer shows
 * where candidates came from.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ServingNodeRetrievalTest {
  enum Mode {
    HEALTHY,
    SLOW,
    DOWN
  }

  // the fixture model's two-tower dimension
  static final int DIM = ModelFixtures.TWO_TOWER.dim();
  static final SyntheticEmbeddings GEN = new SyntheticEmbeddings(DIM, 4, 0.3, 3);
  static final ExactRetriever NODE_ITEMS;
  static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.HEALTHY);
  static final List<SearchRequest> RECEIVED = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final Server NODE;
  static final Path MODELS;

  static {
    ItemEmbeddings n = GEN.items("v1", 400);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n.count(); i++) {
      ids.add("n" + i);
    }
    NODE_ITEMS = new ExactRetriever(new ItemEmbeddings("v1", DIM, ids, n.vectors()));
    try {
      MODELS = Files.createTempDirectory("overdrive-models");
      List<String> local = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        local.add("i" + i);
      }
      ModelFixtures.publish(MODELS, "v1", local, 5);
      NODE =
          NettyServerBuilder.forPort(0)
              .addService(
                  new RetrievalServiceGrpc.RetrievalServiceImplBase() {
                    @Override
                    public void info(InfoRequest r, StreamObserver<InfoResponse> out) {
                      out.onNext(InfoResponse.newBuilder().setDimension(DIM).build());
                      out.onCompleted();
                    }

                    @Override
                    public void search(SearchRequest r, StreamObserver<SearchResponse> out) {
                      RECEIVED.add(r);
                      if (MODE.get() == Mode.DOWN) {
                        out.onError(Status.UNAVAILABLE.asRuntimeException());
                        return;
                      }
                      if (MODE.get() == Mode.SLOW) {
                        try {
                          Thread.sleep(4000);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }
                      float[] q = new float[r.getVector().getValuesCount()];
                      for (int i = 0; i < q.length; i++) {
                        q[i] = r.getVector().getValues(i);
                      }
                      SearchResponse.Builder b = SearchResponse.newBuilder().setModelVersion("v1");
                      for (ScoredItem h :
                          NODE_ITEMS.search(q, r.getK(), new HashSet<>(r.getExcludeIdsList()))) {
                        b.addHits(Hit.newBuilder().setItemId(h.itemId()).setScore(h.score()));
                      }
                      out.onNext(b.build());
                      out.onCompleted();
                    }
                  })
              .build()
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry r) {
    r.add("overdrive.serving-addr", () -> "localhost:" + NODE.getPort());
    r.add("overdrive.serving-deadline", () -> "1s");
    r.add("overdrive.model.dir", MODELS::toString);
  }

  @AfterAll
  static void stopNode() {
    NODE.shutdownNow();
  }

  @Autowired MockMvc mvc;
  @Autowired EventIngestor ingestor;

  private final JsonMapper json = new JsonMapper();

  @BeforeEach
  void aliceLikedTwoItems() {
    MODE.set(Mode.HEALTHY);
    RECEIVED.clear();
    Instant t = Instant.now();
    ingestor.ingest(
        List.of(
            Interaction.of("a1", "alice", "i10", InteractionType.LIKE, t.minusSeconds(5)),
            Interaction.of("a2", "alice", "i11", InteractionType.LIKE, t)));
  }

  private JsonNode forYou(String body) throws Exception {
    String out =
        mvc.perform(post("/rank/for-you").contentType(MediaType.APPLICATION_JSON).content(body))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(out);
  }

  private static List<String> ids(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.get("items").forEach(i -> ids.add(i.get("id").asString()));
    return ids;
  }

  @Test
  void noCandidatesRetrievesFromTheServingNodeWithTheUsersEmbeddingAndExclusions()
      throws Exception {
    JsonNode r = forYou("{\"user_id\": \"alice\", \"limit\": 5}");

    assertThat(r.get("candidate_source").asString()).isEqualTo("retrieval");
    assertThat(ids(r)).hasSize(5).allMatch(id -> id.startsWith("n"));
    SearchRequest sent = RECEIVED.get(0);
    assertThat(sent.getVector().getValuesCount()).isEqualTo(DIM);
    assertThat(sent.getK()).isEqualTo(200);
    assertThat(sent.getExcludeIdsList()).containsExactlyInAnyOrder("i10", "i11");
  }

  @Test
  void aSlowNodeIsCutOffAtTheDeadlineAndTheLocalModelAnswers() throws Exception {
    MODE.set(Mode.SLOW);
    long t0 = System.nanoTime();
    JsonNode r = forYou("{\"user_id\": \"alice\", \"limit\": 5}");
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(r.get("candidate_source").asString()).isEqualTo("fallback:deadline_exceeded");
    assertThat(ids(r)).hasSize(5).allMatch(id -> id.startsWith("i")).doesNotContain("i10", "i11");
    assertThat(millis).isLessThan(4000);
  }

  @Test
  void aNodeThatIsDownFallsBackAndSaysSo() throws Exception {
    MODE.set(Mode.DOWN);
    JsonNode r = forYou("{\"user_id\": \"alice\", \"limit\": 5}");
    assertThat(r.get("candidate_source").asString()).isEqualTo("fallback:unavailable");
    assertThat(ids(r)).hasSize(5).allMatch(id -> id.startsWith("i"));
  }

  @Test
  void requestCandidatesAreRankedWithoutCallingTheNode() throws Exception {
    JsonNode r =
        forYou(
            "{\"user_id\": \"alice\", \"limit\": 2, \"candidate_items\": [{\"id\": \"x1\"},"
                + " {\"id\": \"x2\"}, {\"id\": \"x3\"}]}");
    assertThat(r.get("candidate_source").asString()).isEqualTo("request");
    assertThat(ids(r)).hasSize(2).allMatch(id -> id.startsWith("x"));
    assertThat(RECEIVED).isEmpty();
  }
}
