package io.overdrive.api.ranking;

import io.overdrive.concurrent.BytesTable;
import io.overdrive.concurrent.TwoWayTable;
import io.overdrive.domain.Item;
import io.overdrive.events.EventLimits;
import io.overdrive.events.IsoInstant;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.RequestLimits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the gateway's usual {@code POST /rank/for-you} body token by token straight into the
 * ranker's candidates, for {@link ForYouFastPath}. Binding 500 described candidates through
 * Jackson's databind (a record, two lists, boxed numbers and a string per field, then the {@link
 * Item} copying the lists) was 40% of a described request's allocation (docs/benchmarks.md, "Where
 * the time goes"), although a gateway describes the same post the same way in every request. Here a
 * candidate object whose bytes are those of one read before is that same {@link Item} (one
 * comparison, nothing decoded); any other is read field by field, its texts from {@link
 * CanonicalStrings}, and is the same {@link Item} still when its fields are exactly those of the
 * last one read with its id: a valid described request of posts seen before allocates little.
 *
 * <p>It accepts only what the databind path ({@link ForYouRequest}, Bean Validation, {@link
 * RankController.Checked}) accepts, giving the same values: every field with the JSON type that
 * path reads without conversion, no unknown or repeated field, every bound of {@link
 * CandidateValidation} and {@link RequestLimits}, an instant {@link IsoInstant#parseFast} reads.
 * For anything else, a refusal included, it answers null and the fast path reads the body the
 * databind way, whose answer (or MVC's error, naming the field) is the definition; so this class
 * never writes an error message (ForYouRequestReaderTest holds the two paths to the same result).
 */
final class ForYouRequestReader {
  private static final String CANDIDATES = "candidate_items";

  /** Texts kept: the demo world's ~2,000 posts need ~6,000 (ids, contents, authors). */
  private static final int STRING_BITS = 15;

  /** Longer texts (long posts) are read as new strings every time. */
  private static final int MAX_KEPT_TEXT = 256;

  /** Items kept: two per pair of slots. */
  private static final int ITEM_BITS = 14;

  private final JsonMapper mapper;
  private final CanonicalStrings strings = new CanonicalStrings(STRING_BITS, MAX_KEPT_TEXT);
  private final TwoWayTable<Known> known = new TwoWayTable<>(ITEM_BITS);
  private final BytesTable<Kept> sameBytes = new BytesTable<>(ITEM_BITS);

  /** A candidate object's item, and the length of the object's bytes. */
  private record Kept(Item item, int length) {}

  /** Longer candidate objects (long posts) are read field by field every time. */
  private static final int MAX_KEPT_OBJECT = 1024;

  /**
   * A request the databind path would accept, read: its parts as {@link RankController} takes them.
   */
  record Parsed(String userId, List<Item> candidates, Integer limit, Boolean explain) {}

  /** An item as last read, with the text its creation time was read from. */
  private record Known(Item item, String createdAt) {}

  /**
   * @param mapper the application's JSON mapper: its parser settings are the databind path's
   */
  ForYouRequestReader(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The request, or null when the body is not of the usual shape or anything in it is refused. */
  Parsed read(byte[] body, int offset, int length) {
    Request r = new Request(body, offset, offset + length);
    try {
      r.parser = mapper.createParser(body, offset, length);
      return request(r);
    } catch (RuntimeException e) {
      return null; // malformed JSON, or a candidate CandidateValidation refuses
    } finally {
      if (r.parser != null) {
        r.parser.close();
      }
    }
  }

  /**
   * The body being read: the parser, and the bytes it reads ({@code offset} is where the parser's
   * byte offsets start). After the candidate array was scanned without the parser, the rest of the
   * object is read by a parser of its own, over a copy of those bytes.
   */
  private static final class Request {
    final byte[] body;
    final int end;
    JsonParser parser;
    byte[] bytes;
    int offset;

    Request(byte[] body, int offset, int end) {
      this.body = body;
      this.bytes = body;
      this.offset = offset;
      this.end = end;
    }
  }

  private Parsed request(Request r) {
    JsonParser p = r.parser;
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String userId = null;
    List<Item> candidates = List.of();
    Integer limit = null;
    Boolean explain = null;
    int seen = 0;
    JsonToken t;
    fields:
    while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      int bit;
      switch (name) {
        case "user_id" -> {
          bit = 1;
          if (v != JsonToken.VALUE_STRING) {
            return null;
          }
          userId = p.getString();
        }
        case "candidate_items" -> {
          bit = 2;
          if ((seen & bit) != 0) {
            return null;
          }
          if (v == JsonToken.START_ARRAY) {
            int open = r.offset + (int) p.currentTokenLocation().getByteOffset();
            Scanned scanned =
                r.bytes == r.body && r.body[open] == '[' ? scanned(r.body, open, r.end) : null;
            if (scanned != null) {
              // the rest of the object, after the array's bytes: its own parser
              candidates = scanned.items();
              int next = rest(r, scanned.end());
              if (next < 0) {
                return null;
              }
              if (next == 0) { // the object ended with the array, nothing but space after it
                seen |= bit;
                t = JsonToken.END_OBJECT;
                p = null;
                break fields;
              }
              p = r.parser;
            } else {
              candidates = candidates(p, r.body, r.offset);
            }
            if (candidates == null) {
              return null;
            }
          } else if (v != JsonToken.VALUE_NULL) {
            return null;
          }
        }
        case "limit" -> {
          bit = 4;
          if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            limit = p.getIntValue();
          } else if (v != JsonToken.VALUE_NULL) {
            return null;
          }
        }
        case "explain" -> {
          bit = 8;
          if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
            explain = v == JsonToken.VALUE_TRUE;
          } else if (v != JsonToken.VALUE_NULL) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (t != JsonToken.END_OBJECT || (p != null && p.nextToken() != null)) {
      return null; // not an object, or trailing tokens (refused by the mapper's settings)
    }
    // Bean Validation's @NotBlank (a trimmed length) and @Size, and RequestLimits' idea of blank
    if (userId == null
        || userId.length() > EventLimits.MAX_ID_LENGTH
        || userId.isBlank()
        || userId.trim().isEmpty()) {
      return null;
    }
    return new Parsed(userId, candidates, limit, explain);
  }

  /** The candidate array's items, checked as {@link RankController#toItems} checks them. */
  private List<Item> candidates(JsonParser p, byte[] body, int offset) {
    List<Item> read = new ArrayList<>(512);
    Fields f = new Fields();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      Item item = candidate(p, body, offset, f, read.size());
      if (item == null) {
        return null;
      }
      read.add(item);
    }
    if (t != JsonToken.END_ARRAY) {
      return null; // a null or a non-object candidate
    }
    return checked(read);
  }

  private static List<Item> checked(List<Item> read) {
    CandidateValidation checked = new CandidateValidation(CANDIDATES, read.size());
    for (int i = 0; i < read.size(); i++) {
      checked.add(CANDIDATES, i, read.get(i));
    }
    return checked.items();
  }

  /** The candidates of an array scanned without the parser, and where its bytes end. */
  record Scanned(List<Item> items, int end) {}

  /**
   * The candidate array at {@code open} (its {@code [}) read without tokenizing it: each element is
   * an object kept before, recognised by comparing its bytes (a valid object's bytes decide where
   * it ends: the kept object's), or a new object read field by field by a parser of its own from
   * its first byte (which tokenizes it, refusing malformed JSON); between them only JSON's
   * whitespace and single commas. Tokenizing the ~120 KB of 500 described candidates only to find
   * where each object ends was a tenth of a described ranking's request-thread CPU. Null for
   * anything else (a null element, a trailing comma, comments, the array unclosed): the parser then
   * reads the array as before, so what is accepted or refused does not change.
   *
   * @return the checked candidates and the index after the array's {@code ]}
   */
  Scanned scanned(byte[] body, int open, int end) {
    List<Item> read = new ArrayList<>(512);
    Fields f = new Fields();
    int i = space(body, open + 1, end);
    if (i < end && body[i] == ']') {
      return new Scanned(checked(read), i + 1);
    }
    while (i < end && body[i] == '{') {
      int hash = prefixHash(body, i, end);
      Kept kept = sameBytes.findAt(hash, body, i, end);
      int after;
      if (kept != null) {
        read.add(kept.item());
        after = i + kept.length();
      } else {
        Item item;
        try (JsonParser one = mapper.createParser(body, i, end - i)) {
          one.nextToken();
          item = fields(one, f, read.size());
          if (item == null) {
            return null;
          }
          after = i + (int) one.currentTokenLocation().getByteOffset() + 1;
        }
        int length = after - i;
        if (length <= MAX_KEPT_OBJECT) {
          sameBytes.keep(hash, Arrays.copyOfRange(body, i, after), new Kept(item, length));
        }
        read.add(item);
      }
      i = space(body, after, end);
      if (i < end && body[i] == ']') {
        return new Scanned(checked(read), i + 1);
      }
      if (i >= end || body[i] != ',') {
        return null;
      }
      i = space(body, i + 1, end);
    }
    return null;
  }

  /**
   * After the candidate array's {@code ]} at {@code from - 1}: 0 when the body's object closes
   * there with nothing but whitespace after it; 1 when more fields follow, then read by a new
   * parser (on the request) over an object of those fields; -1 for anything else (a trailing comma,
   * a token the parser would have refused or a setting of the mapper would allow): the body is then
   * left to the databind path.
   */
  private int rest(Request r, int from) {
    int i = space(r.body, from, r.end);
    if (i >= r.end) {
      return -1;
    }
    if (r.body[i] == '}') {
      return space(r.body, i + 1, r.end) == r.end ? 0 : -1;
    }
    if (r.body[i] != ',') {
      return -1;
    }
    int name = space(r.body, i + 1, r.end);
    if (name >= r.end || r.body[name] != '"') {
      return -1;
    }
    byte[] rest = new byte[1 + r.end - name];
    rest[0] = '{';
    System.arraycopy(r.body, name, rest, 1, r.end - name);
    r.parser.close();
    r.parser = null;
    r.bytes = rest;
    r.offset = 0;
    r.parser = mapper.createParser(rest);
    return r.parser.nextToken() == JsonToken.START_OBJECT ? 1 : -1;
  }

  /** The index of the first byte at or after {@code i} that is not JSON whitespace. */
  private static int space(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return end;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long CLOSES = 0x7d7d7d7d7d7d7d7dL; // '}' in every byte

  /**
   * The hash of an object's first bytes: up to its first {@code }} (included) or 64 bytes,
   * whichever comes first, eight at a time. An object's own bytes give the same prefix, so the same
   * hash, as the body it is found in (its last byte is a {@code }}); the table compares every byte,
   * the hash only picks where to look.
   */
  static int prefixHash(byte[] b, int start, int end) {
    int to = Math.min(end, start + 64);
    long h = 0;
    int i = start;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long x = w ^ CLOSES;
      long close = (x - ONES) & ~x & HIGHS; // its lowest bit marks the first '}' exactly
      if (close != 0) {
        int n = (Long.numberOfTrailingZeros(close) >>> 3) + 1;
        return last(h, n == 8 ? w : w & ((1L << (n << 3)) - 1), n);
      }
      h = (h ^ w) * 0x9E3779B97F4A7C15L;
    }
    if (i == to) {
      return (int) (h ^ (h >>> 32));
    }
    long w = 0;
    int n = 0;
    while (i < to) {
      byte c = b[i++];
      w |= (c & 0xFFL) << (n << 3);
      n++;
      if (c == '}') {
        break;
      }
    }
    return last(h, w, n);
  }

  /** The hash with its last, partial word of {@code n} bytes (the rest zero). */
  private static int last(long h, long w, int n) {
    h = (h ^ w ^ ((long) n << 59)) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** One candidate's fields as read, reused from candidate to candidate. */
  private static final class Fields {
    String id;
    String content;
    String authorId;
    String createdAt;
    final String[] hashtags = new String[EventLimits.MAX_HASHTAGS];
    int hashtagCount;

    /** The item kept for the id read (when the id comes first, as gateways write it), or null. */
    Known hint;

    final String[] mediaTypes = new String[RequestLimits.MAX_MEDIA_TYPES];
    int mediaTypeCount;
    double engagementRate;
    boolean hasEngagementRate;
    double qualityScore;
    boolean hasQualityScore;

    void clear() {
      id = content = authorId = createdAt = null;
      hashtagCount = mediaTypeCount = 0;
      hint = null;
      hasEngagementRate = hasQualityScore = false;
    }
  }

  /**
   * The candidate object at the parser (on its START_OBJECT; left on its END_OBJECT): the item kept
   * for the very same bytes (a gateway describes a post the same way request after request: one
   * comparison of ~250 bytes instead of decoding and comparing each field's text), else read field
   * by field from them (and kept), or null when not usual.
   */
  private Item candidate(JsonParser p, byte[] body, int offset, Fields f, int index) {
    int start = offset + (int) p.currentTokenLocation().getByteOffset();
    p.skipChildren(); // tokenizes the object (refusing malformed JSON) without decoding its texts
    int end = offset + (int) p.currentTokenLocation().getByteOffset() + 1;
    int length = end - start;
    boolean keep = length <= MAX_KEPT_OBJECT;
    int hash = keep ? prefixHash(body, start, end) : 0;
    if (keep) {
      Kept same = sameBytes.find(hash, body, start, length);
      if (same != null) {
        return same.item();
      }
    }
    Item item;
    try (JsonParser one = mapper.createParser(body, start, length)) {
      one.nextToken();
      item = fields(one, f, index);
    }
    if (item != null && keep) {
      sameBytes.keep(hash, Arrays.copyOfRange(body, start, end), new Kept(item, length));
    }
    return item;
  }

  /**
   * The candidate object at the parser (on its START_OBJECT), read field by field; null if not
   * usual.
   */
  private Item fields(JsonParser p, Fields f, int index) {
    f.clear();
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      boolean isNull = v == JsonToken.VALUE_NULL;
      if (!isNull
          && v != JsonToken.VALUE_STRING
          && v != JsonToken.START_ARRAY
          && v != JsonToken.VALUE_NUMBER_FLOAT) {
        return null; // a number where the databind path would convert it, or a wrong type
      }
      int bit;
      switch (name) {
        case "id" -> {
          bit = 1;
          f.id = text(p, v, null);
          f.hint = f.id == null ? null : kept(f.id);
        }
        case "content" -> {
          bit = 2;
          f.content = text(p, v, f.hint == null ? null : f.hint.item().text());
        }
        case "hashtags" -> {
          bit = 4;
          f.hashtagCount =
              isNull
                  ? 0
                  : words(p, v, f.hashtags, f.hint == null ? null : f.hint.item().hashtags());
        }
        case "media_types" -> {
          bit = 8;
          f.mediaTypeCount =
              isNull
                  ? 0
                  : words(p, v, f.mediaTypes, f.hint == null ? null : f.hint.item().mediaTypes());
        }
        case "engagement_rate" -> {
          bit = 16;
          if (!isNull) {
            f.engagementRate = number(p, v);
            f.hasEngagementRate = true;
          }
        }
        case "quality_score" -> {
          bit = 32;
          if (!isNull) {
            f.qualityScore = number(p, v);
            f.hasQualityScore = true;
          }
        }
        case "author_id" -> {
          bit = 64;
          f.authorId = text(p, v, f.hint == null ? null : f.hint.item().authorId());
        }
        case "created_at" -> {
          bit = 128;
          f.createdAt = text(p, v, f.hint == null ? null : f.hint.createdAt());
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (t != JsonToken.END_OBJECT || f.id == null) {
      return null;
    }
    return item(f, index);
  }

  /** The item of these fields: one kept (by its id's hash) when every field is the same. */
  private Item item(Fields f, int index) {
    Known same = known.find(f.id.hashCode(), f, ForYouRequestReader::same);
    if (same != null) {
      return same.item();
    }
    Instant createdAt = null;
    if (f.createdAt != null) {
      createdAt = IsoInstant.parseFast(f.createdAt);
      if (createdAt == null) {
        throw new UnusualInput(); // another ISO form: Jackson's reader decides what it means
      }
    }
    Item item =
        CandidateValidation.described(
            CANDIDATES,
            index,
            f.id,
            f.content,
            List.of(Arrays.copyOf(f.hashtags, f.hashtagCount)),
            List.of(Arrays.copyOf(f.mediaTypes, f.mediaTypeCount)),
            f.hasEngagementRate ? f.engagementRate : null,
            f.hasQualityScore ? f.qualityScore : null,
            f.authorId,
            createdAt);
    known.put(f.id.hashCode(), new Known(item, f.createdAt));
    return item;
  }

  /** The item kept with this id, or null: its texts are what the candidate's likely are. */
  private Known kept(String id) {
    return known.find(id.hashCode(), id, (k, i) -> k.item().id().equals(i));
  }

  private static boolean same(Known k, Fields f) {
    Item i = k.item();
    return i.id().equals(f.id)
        && Objects.equals(i.text(), f.content)
        && Objects.equals(i.authorId(), f.authorId)
        && Objects.equals(k.createdAt(), f.createdAt)
        && same(i.engagementRate(), f.hasEngagementRate, f.engagementRate)
        && same(i.qualityScore(), f.hasQualityScore, f.qualityScore)
        && same(i.hashtags(), f.hashtags, f.hashtagCount)
        && same(i.mediaTypes(), f.mediaTypes, f.mediaTypeCount);
  }

  private static boolean same(Double kept, boolean has, double value) {
    return kept == null
        ? !has
        : has && Double.doubleToRawLongBits(kept) == Double.doubleToRawLongBits(value);
  }

  private static boolean same(List<String> kept, String[] words, int count) {
    if (kept.size() != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (!kept.get(i).equals(words[i])) {
        return false;
      }
    }
    return true;
  }

  /** A string or null field's value; any other token is not the usual shape. */
  private String text(JsonParser p, JsonToken v, String expected) {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw new UnusualInput();
    }
    return strings.of(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(), expected);
  }

  private static double number(JsonParser p, JsonToken v) {
    if (v != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new UnusualInput();
    }
    return p.getDoubleValue(); // as Jackson's Double reader takes a float token
  }

  /** An array of strings into {@code into}; more than it holds, a null or a non-string: unusual. */
  private int words(JsonParser p, JsonToken v, String[] into, List<String> expected) {
    if (v != JsonToken.START_ARRAY) {
      throw new UnusualInput();
    }
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
      if (n == into.length) {
        throw new UnusualInput(); // too many: the databind path names the field
      }
      String hint = expected != null && n < expected.size() ? expected.get(n) : null;
      into[n++] =
          strings.of(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(), hint);
    }
    if (t != JsonToken.END_ARRAY) {
      throw new UnusualInput();
    }
    return n;
  }

  /** Not the usual shape: {@link #read} answers null. Stackless: thrown on the hot path. */
  private static final class UnusualInput extends RuntimeException {
    UnusualInput() {
      super(null, null, false, false);
    }
  }
}
