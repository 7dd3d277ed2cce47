package io.overdrive.api.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fast path's own reader accepts a body only when the databind path (the application's mapper,
 * Bean Validation, {@link RankController.Checked}) accepts it, and then reads the very same
 * request; everything else it leaves to that path (answering null), refusals above all, so their
 * messages stay MVC's (ApiContractTest). The same properties as ApiContractTest: one application
 * context.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.max-body-size=64KB", "overdrive.rate-limit.enabled=false"})
class ForYouRequestReaderTest {
  @Autowired JsonMapper mapper;
  @Autowired Validator validator;

  private static final String FULL =
      """
      {"id": "p1", "content": "sunset at the beach #travel", "hashtags": ["travel", "photo"],
       "media_types": ["image"], "engagement_rate": 0.0412, "quality_score": 0.83,
       "author_id": "a7", "created_at": "2026-12-01T10:20:30Z"}""";

  /** Bodies a gateway sends: the reader reads them itself, as the databind path does. */
  static Stream<String> usual() {
    return Stream.of(
        "{\"user_id\": \"u1\", \"candidate_items\": [{\"id\": \"i1\"}, {\"id\": \"i2\"}]}",
        "{\"user_id\": \"u1\", \"limit\": 5, \"candidate_items\": ["
            + FULL
            + ", {\"id\": \"i2\"}]}",
        "{\"candidate_items\": [" + FULL + "], \"explain\": true, \"user_id\": \"u2\"}",
        "{\"user_id\": \"u1\", \"explain\": false, \"limit\": null, \"candidate_items\": []}",
        "{\"user_id\": \"u1\", \"candidate_items\": null}",
        "{\"user_id\": \"u1\"}",
        // every optional field null or empty, fields in another order
        """
        {"user_id": "u1", "candidate_items": [{"created_at": null, "author_id": null,
         "quality_score": null, "engagement_rate": null, "media_types": null, "hashtags": [],
         "content": null, "id": "i3"}]}""",
        // escapes, non-ASCII text, a fraction of a second, a long text (not kept as canonical)
        """
        {"user_id": "ü-ser", "candidate_items": [{"id": "i\\u00e9", "content": "say \\"hi\\" \
        ☕ #café", "hashtags": ["café"], "created_at": "2026-12-01T10:20:30.125Z"},
         {"id": "long", "content": "%s"}]}"""
            .formatted("x".repeat(300)),
        // the bounds themselves
        """
        {"user_id": "%s", "limit": 100, "candidate_items": [{"id": "%s", "engagement_rate": 0.0,
         "quality_score": 1.0, "hashtags": ["%s"], "media_types": ["%s"]}]}"""
            .formatted("u".repeat(128), "i".repeat(128), "t".repeat(100), "m".repeat(32)));
  }

  /** Bodies the databind path refuses: the reader leaves every one to it. */
  static Stream<String> refused() {
    String many = "{\"id\": \"x\"},".repeat(1001);
    return Stream.of(
        "{\"candidate_items\": [{\"id\": \"i1\"}]}",
        "{\"user_id\": \" \", \"candidate_items\": []}",
        "{\"user_id\": \"%s\"}".formatted("u".repeat(129)),
        "{\"user_id\": 5}",
        "{\"user_id\": \"u\", \"limit\": 0}",
        "{\"user_id\": \"u\", \"limit\": 101}",
        "{\"user_id\": \"u\", \"limit\": 2.5}",
        "{\"user_id\": \"u\", \"limit\": \"20\"}",
        "{\"user_id\": \"u\", \"explain\": \"yes\"}",
        "{\"user_id\": \"u\"} {}",
        "{\"user_id\": \"u\", \"candidate_items\": [",
        "{\"user_id\": \"u\", \"candidate_items\": [" + many + "{\"id\": \"y\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [null]}",
        "{\"user_id\": \"u\", \"candidate_items\": [\"i1\"]}",
        "{\"user_id\": \"u\", \"candidate_items\": {\"id\": \"i1\"}}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"content\": \"no id\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \" \"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\"}, {\"id\": \"i1\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"content\": true}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": 7}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": [\"\"]}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": [null]}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": \"x\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": [%s]}]}"
            .formatted("\"t\",".repeat(64) + "\"t\""),
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": [\"%s\"]}]}"
            .formatted("t".repeat(101)),
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"media_types\": [%s]}]}"
            .formatted("\"m\",".repeat(16) + "\"m\""),
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"content\": \"%s\"}]}"
            .formatted("c".repeat(10_001)),
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"engagement_rate\": -0.1}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"quality_score\": 1.5}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"quality_score\": \"0.5\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"author_id\": \"%s\"}]}"
            .formatted("a".repeat(129)),
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"created_at\": \"soon\"}]}",
        // malformed inside a candidate object (the reader skips over each object first)
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"hashtags\": [\"a\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\" \"content\": \"x\"}]}");
  }

  /** Bodies of no usual shape that the databind path may still accept: whatever it says, goes. */
  static Stream<String> unusual() {
    return Stream.of(
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"quality_score\": 1}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"engagement_rate\": 0}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\","
            + " \"created_at\": \"2026-12-01T10:20:30+01:00\"}]}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"color\": \"red\"}]}",
        "{\"user_id\": \"u\", \"mood\": \"happy\"}",
        "{\"user_id\": \"u\", \"user_id\": \"v\"}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"id\": \"i2\"}]}",
        "{\"user_id\": \"u\", \"limit\": 3000000000}",
        "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"i1\", \"created_at\": 12}]}",
        "[]",
        "");
  }

  @ParameterizedTest
  @MethodSource("usual")
  void aUsualBodyIsReadAsTheDatabindPathReadsIt(String body) {
    RankController.Checked expected = databind(body);
    assertThat(expected).as("the databind path accepts it").isNotNull();
    ForYouRequestReader reader = new ForYouRequestReader(mapper);
    assertThat(direct(reader, body)).isEqualTo(expected);
    assertThat(direct(reader, body)).as("read again").isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("refused")
  void aRefusedBodyIsLeftToTheDatabindPath(String body) {
    assertThat(databind(body)).as("the databind path refuses it").isNull();
    assertThat(direct(new ForYouRequestReader(mapper), body)).isNull();
  }

  @ParameterizedTest
  @MethodSource("unusual")
  void anUnusualBodyIsLeftToTheDatabindPath(String body) {
    assertThat(new ForYouRequestReader(mapper).read(bytes(body), 0, bytes(body).length)).isNull();
  }

  /**
   * A post described the same way again is the same {@link Item} (nothing allocated for it); a post
   * whose description changed, in any field, is read anew.
   */
  @Test
  void theSamePostIsTheSameItemAndAChangedPostIsReadAnew() {
    ForYouRequestReader reader = new ForYouRequestReader(mapper);
    String body = "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + ", {\"id\": \"i2\"}]}";
    List<Item> first = direct(reader, body).request().candidates();
    List<Item> again = direct(reader, body).request().candidates();
    assertThat(again.get(0)).isSameAs(first.get(0));
    assertThat(again.get(1)).isSameAs(first.get(1));

    List<String> changes =
        List.of(
            FULL.replace("sunset at", "sunrise at"),
            FULL.replace("\"photo\"]", "\"photo\", \"beach\"]"),
            FULL.replace("[\"travel\", \"photo\"]", "[\"photo\", \"travel\"]"),
            FULL.replace("[\"image\"]", "[\"video\"]"),
            FULL.replace("0.0412", "0.0413"),
            FULL.replace("\"quality_score\": 0.83,", ""),
            FULL.replace("\"a7\"", "\"a8\""),
            FULL.replace("10:20:30Z", "10:20:31Z"),
            FULL);
    List<Item> seen = new ArrayList<>();
    for (String post : changes) {
      String changed = "{\"user_id\": \"u\", \"candidate_items\": [" + post + "]}";
      Item read = direct(reader, changed).request().candidates().get(0);
      assertThat(read).as(post).isEqualTo(databind(changed).request().candidates().get(0));
      assertThat(seen).as(post).doesNotContain(read);
      seen.add(read);
    }
  }

  /**
   * A candidate is recognised by the bytes of its object: the same bytes are the same item, and a
   * post written with other bytes (spacing) or too long to keep is read field by field, every time
   * as the databind path reads it.
   */
  @Test
  void aCandidateIsRecognisedByTheBytesOfItsObject() {
    ForYouRequestReader reader = new ForYouRequestReader(mapper);
    String spaced = FULL.replace("\"p1\", ", "\"p1\",   ");
    String longPost = "{\"id\": \"long\", \"content\": \"" + "y".repeat(1100) + "\"}";
    for (String post : List.of(FULL, spaced, longPost, FULL, spaced)) {
      String body = "{\"user_id\": \"u\", \"candidate_items\": [" + post + ", {\"id\": \"i2\"}]}";
      List<Item> first = direct(reader, body).request().candidates();
      List<Item> again = direct(reader, body).request().candidates();
      List<Item> expected = databind(body).request().candidates();
      assertThat(first).as(post).isEqualTo(expected);
      assertThat(again).as(post).isEqualTo(expected);
    }
    String body = "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + "]}";
    Item kept = direct(reader, body).request().candidates().get(0);
    assertThat(direct(reader, body).request().candidates().get(0)).isSameAs(kept);
  }

  /**
   * Posts kept before, in arrays laid out otherwise (spaces, newlines and tabs around the elements,
   * fields after the array, the array first): the reader finds each object's end by its kept bytes,
   * without the parser, and reads what the databind path reads.
   */
  @Test
  void keptPostsAreReadWithoutTheParserInAnyLayout() {
    ForYouRequestReader reader = new ForYouRequestReader(mapper);
    String ids = "{\"id\": \"i1\"}";
    String other = "{\"id\": \"i2\"}";
    assertThat(direct(reader, "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + "]}"))
        .isNotNull();
    List<String> bodies =
        List.of(
            "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + "," + ids + "]}",
            "{\"user_id\": \"u\", \"candidate_items\": [\n  "
                + FULL
                + " ,\n\t"
                + ids
                + "\r\n]\n}\n",
            "{\"candidate_items\":[" + ids + "," + FULL + "],\"limit\":3,\"user_id\":\"u\"}",
            "{\"user_id\": \"u\", \"candidate_items\": ["
                + ids
                + ", "
                + other
                + "] , \"explain\": true}",
            "{\"user_id\": \"u\", \"candidate_items\": [ ]}",
            "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + "]}  ");
    for (String body : bodies) {
      RankController.Checked expected = databind(body);
      assertThat(expected).as(body).isNotNull();
      assertThat(direct(reader, body)).as(body).isEqualTo(expected);
      assertThat(direct(reader, body)).as(body).isEqualTo(expected);
      byte[] b = bytes(body);
      int open = body.indexOf("\"candidate_items\":") + "\"candidate_items\":".length();
      open = body.indexOf('[', open);
      ForYouRequestReader.Scanned scanned = reader.scanned(b, open, b.length);
      assertThat(scanned).as(body).isNotNull();
      assertThat(scanned.items()).as(body).isEqualTo(expected.request().candidates());
      assertThat(b[scanned.end() - 1]).isEqualTo((byte) ']');
    }
  }

  /**
   * Bodies made of posts the reader kept, but refused around them (a trailing comma, a missing
   * comma or bracket, a second array, trailing tokens, a post cut short, a field repeated after the
   * array): the reader still leaves every one to the databind path.
   */
  @Test
  void keptPostsInARefusedBodyAreLeftToTheDatabindPath() {
    ForYouRequestReader reader = new ForYouRequestReader(mapper);
    String ids = "{\"id\": \"i1\"}";
    String warm = "{\"user_id\": \"u\", \"candidate_items\": [" + FULL + ", " + ids + "]}";
    assertThat(direct(reader, warm)).isNotNull();
    String head = "{\"user_id\": \"u\", \"candidate_items\": [";
    List<String> refused =
        List.of(
            head + FULL + ", " + ids + ",]}",
            head + FULL + " " + ids + "]}",
            head + FULL + ", " + ids + "}",
            head + FULL + ", " + ids,
            head + FULL + ", " + ids + "]",
            head + FULL + ", " + ids + "]]}",
            head + FULL + ", " + ids + "], }",
            head + FULL + ", " + ids + "]} {}",
            head + FULL + ", " + ids + "]} x",
            head + FULL + ", " + ids + "], \"limit\": 0}",
            head + FULL + ", " + ids + ", " + ids + "]}",
            head + FULL + ", null]}",
            head + FULL.substring(0, FULL.length() - 1) + "]}",
            head + ids.substring(0, ids.length() - 1) + ", " + FULL + "]}",
            "{\"candidate_items\": [" + FULL + "]}");
    for (String body : refused) {
      assertThat(databind(body)).as("the databind path refuses " + body).isNull();
      assertThat(direct(reader, body)).as(body).isNull();
    }
    // a field repeated after the array: not the usual shape, whatever the databind path says
    for (String body :
        List.of(
            head + FULL + ", " + ids + "], \"candidate_items\": []}",
            head + FULL + ", " + ids + "], \"user_id\": \"v\"}")) {
      assertThat(reader.read(bytes(body), 0, bytes(body).length)).as(body).isNull();
    }
  }

  /** As the fast path reads a body: null when the reader or the checks after it refuse. */
  private RankController.Checked direct(ForYouRequestReader reader, String body) {
    byte[] b = bytes(body);
    ForYouRequestReader.Parsed read = reader.read(b, 0, b.length);
    try {
      return read == null ? null : RankController.Checked.of(read, null);
    } catch (InvalidInputException e) {
      return null; // the limit: checked after reading, as the databind path checks it
    }
  }

  /** What the fast path did before it had a reader of its own (and what MVC does). */
  private RankController.Checked databind(String body) {
    try {
      ForYouRequest parsed = mapper.readValue(bytes(body), ForYouRequest.class);
      if (parsed == null || !validator.validate(parsed).isEmpty()) {
        return null;
      }
      return RankController.Checked.of(parsed, null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
