package io.overdrive.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with the few JSON writes {@link EventJson} needs, producing exactly
 * the bytes Jackson's default generator wrote (string escapes, {@link Double#toString} numbers,
 * {@link Instant#toString} timestamps) without a String, a Writer or a formatter per event. Reused
 * by the archive writer across appends; not thread-safe.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** Per ASCII char: 0 = as is, 'u' = \\u00XX, else the short escape's letter. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
  }

  /** Instants from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z are formatted here. */
  private static final long MIN_FAST_SECOND = -62_167_219_200L;

  private static final long MAX_FAST_SECOND = 253_402_300_799L;

  private byte[] buf;
  private int len;

  JsonBytes(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  /** Empties the buffer and drops its array when it grew beyond {@code maxRetained} bytes. */
  void reset(int maxRetained) {
    len = 0;
    if (buf.length > maxRetained) {
      buf = new byte[maxRetained];
    }
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  /** Raw bytes (pre-encoded JSON punctuation and property names). */
  void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  /** A JSON string value, quoted and escaped; a lone surrogate becomes '?' as in UTF-8 encoding. */
  void writeString(String s) {
    int n = s.length();
    // worst case: 6 bytes per char (\\u00XX), or 3 per non-ASCII char
    ensure(n * 6 + 2);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte esc = ESCAPE[c];
        if (esc == 0) {
          b[p++] = (byte) c;
        } else if (esc == 'u') {
          b[p++] = '\\';
          b[p++] = 'u';
          b[p++] = '0';
          b[p++] = '0';
          b[p++] = HEX[c >> 4];
          b[p++] = HEX[c & 0xF];
        } else {
          b[p++] = '\\';
          b[p++] = esc;
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          b[p++] = '?';
        }
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[p++] = '"';
    len = p;
  }

  /** A string of ASCII characters that need no escaping, unquoted. */
  private void writeAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  /** A decimal integer. */
  void writeLong(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        writeAscii(Long.toString(v));
        return;
      }
      writeByte('-');
      v = -v;
    }
    ensure(19);
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = len + digits;
    len = p;
    do {
      buf[--p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
  }

  /** A double as Jackson writes it: {@link Double#toString}, non-finite values as strings. */
  void writeDouble(double d) {
    if (Double.isFinite(d)) {
      writeAscii(Double.toString(d));
    } else {
      writeByte('"');
      writeAscii(Double.toString(d));
      writeByte('"');
    }
  }

  /** A quoted timestamp, exactly {@code "\"" + t.toString() + "\""}. */
  void writeInstantString(Instant t) {
    long sec = t.getEpochSecond();
    if (sec < MIN_FAST_SECOND || sec > MAX_FAST_SECOND) {
      writeByte('"');
      writeAscii(t.toString());
      writeByte('"');
      return;
    }
    ensure(32);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    long day = Math.floorDiv(sec, 86_400L);
    int secOfDay = (int) (sec - day * 86_400L);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
    long z = day + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    int doe = (int) (z - era * 146_097L);
    int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dom = doy - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
    b[p++] = (byte) ('0' + year / 1000);
    b[p++] = (byte) ('0' + year / 100 % 10);
    b[p++] = (byte) ('0' + year / 10 % 10);
    b[p++] = (byte) ('0' + year % 10);
    b[p++] = '-';
    p = two(b, p, month);
    b[p++] = '-';
    p = two(b, p, dom);
    b[p++] = 'T';
    p = two(b, p, secOfDay / 3600);
    b[p++] = ':';
    p = two(b, p, secOfDay / 60 % 60);
    b[p++] = ':';
    p = two(b, p, secOfDay % 60);
    int nano = t.getNano();
    if (nano != 0) {
      // ISO_INSTANT: the fraction in groups of three digits, as many as needed
      b[p++] = '.';
      int digits;
      int v;
      if (nano % 1_000_000 == 0) {
        digits = 3;
        v = nano / 1_000_000;
      } else if (nano % 1000 == 0) {
        digits = 6;
        v = nano / 1000;
      } else {
        digits = 9;
        v = nano;
      }
      for (int i = p + digits - 1; i >= p; i--) {
        b[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      p += digits;
    }
    b[p++] = 'Z';
    b[p++] = '"';
    len = p;
  }

  private static int two(byte[] b, int p, int v) {
    b[p] = (byte) ('0' + v / 10);
    b[p + 1] = (byte) ('0' + v % 10);
    return p + 2;
  }
}
