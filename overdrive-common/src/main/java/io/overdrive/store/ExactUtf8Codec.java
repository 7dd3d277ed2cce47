package io.overdrive.store;

import io.lettuce.core.codec.StringCodec;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Lettuce's UTF-8 string codec, reporting each string's exact encoded size. {@code
 * StringCodec.UTF8} only estimates it, so every key of a command is first encoded into a temporary
 * buffer and then copied: for the ~900 keys of a 256-event script call that was one of the largest
 * items in the consumer's profile. With the exact size ({@link ByteBufUtil#utf8Bytes}) Lettuce
 * writes the length prefix and then the bytes in place; encoding and decoding are {@code
 * StringCodec}'s own.
 */
final class ExactUtf8Codec extends StringCodec {
  static final ExactUtf8Codec INSTANCE = new ExactUtf8Codec();

  private ExactUtf8Codec() {
    super(StandardCharsets.UTF_8);
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    return keyOrValue == null ? 0 : ByteBufUtil.utf8Bytes((CharSequence) keyOrValue);
  }

  @Override
  public boolean isEstimateExact() {
    return true;
  }
}
