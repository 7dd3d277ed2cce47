package io.overdrive.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The arguments of one learning-script call, packed as one MessagePack array that the script
 * unpacks with Redis's built-in {@code cmsgpack.unpack} (docs/decisions/0200-redis-key-layout.md,
 * "Script arguments"). One binary argument instead of thousands of strings: Redis parses one bulk
 * string instead of ~26 per event, the script gets numbers as numbers (doubles bit for bit, no
 * {@code tonumber} of text), and the client writes bytes instead of a String per value. Only the
 * three MessagePack types the scripts read are written: strings, integers and 64-bit floats, in one
 * flat array whose length is patched in by {@link #toBytes()}. Not thread-safe.
 */
final class ScriptArgs {
  private static final int HEADER = 5; // array32 marker + 4-byte count, patched at the end

  private byte[] buf;
  private int len = HEADER;
  private int count;

  ScriptArgs(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  /** Number of values written so far (the script's index of the next one, minus one). */
  int count() {
    return count;
  }

  /** The packed array: {@code 0xdd}, the element count, the elements. */
  byte[] toBytes() {
    buf[0] = (byte) 0xdd;
    buf[1] = (byte) (count >>> 24);
    buf[2] = (byte) (count >>> 16);
    buf[3] = (byte) (count >>> 8);
    buf[4] = (byte) count;
    return Arrays.copyOf(buf, len);
  }

  /** A whole number (counts, milliseconds). */
  ScriptArgs add(long v) {
    count++;
    if (v >= 0 && v < 128) {
      ensure(1);
      buf[len++] = (byte) v; // positive fixint
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      ensure(5);
      buf[len++] = (byte) 0xd2; // int32
      putInt((int) v);
    } else {
      ensure(9);
      buf[len++] = (byte) 0xd3; // int64
      putLong(v);
    }
    return this;
  }

  /**
   * An increment: whole numbers below 2^53 as integers (so counters stay integers in Lua and are
   * stored in decimal), every other double as a float64, bit for bit.
   */
  ScriptArgs add(double v) {
    long whole = (long) v;
    if (whole == v && Math.abs(whole) < (1L << 53)) {
      return add(whole);
    }
    count++;
    ensure(9);
    buf[len++] = (byte) 0xcb; // float64
    putLong(Double.doubleToRawLongBits(v));
    return this;
  }

  /** A string (event, item and field ids), as UTF-8. */
  ScriptArgs add(String s) {
    count++;
    int n = s.length();
    int mark = len;
    header(n); // right if every char is ASCII (one byte each), as ids and field names are
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        len = mark;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        header(utf8.length);
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        return this;
      }
      buf[len++] = (byte) c;
    }
    return this;
  }

  /** A str header for {@code n} bytes, with room for them. */
  private void header(int n) {
    ensure(5 + n);
    if (n < 32) {
      buf[len++] = (byte) (0xa0 | n); // fixstr
    } else if (n < 256) {
      buf[len++] = (byte) 0xd9; // str8
      buf[len++] = (byte) n;
    } else if (n < 65536) {
      buf[len++] = (byte) 0xda; // str16
      buf[len++] = (byte) (n >>> 8);
      buf[len++] = (byte) n;
    } else {
      buf[len++] = (byte) 0xdb; // str32
      putInt(n);
    }
  }

  private void putInt(int v) {
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
