package io.overdrive.store;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;

/**
 * UTF-8 strings written straight into a command's buffer. Lettuce's {@code StringCodec.UTF8} only
 * estimates a string's encoded size, so every key of a command is first encoded into a temporary
 * buffer and then copied: for the ~900 keys of a 256-event script call that was one of the largest
 * items in the consumer's profile. This codec reports the exact size ({@link
 * ByteBufUtil#utf8Bytes}), which lets Lettuce write the length prefix and then the bytes in place.
 * Decoding is {@code StringCodec.UTF8}'s.
 */
final class ExactUtf8Codec implements RedisCodec<String, String>, ToByteBufEncoder<String, String> {
  static final ExactUtf8Codec INSTANCE = new ExactUtf8Codec();

  private ExactUtf8Codec() {}

  @Override
  public void encodeKey(String key, ByteBuf target) {
    if (key != null) { // null is written as nothing, as StringCodec does
      ByteBufUtil.writeUtf8(target, key);
    }
  }

  @Override
  public void encodeValue(String value, ByteBuf target) {
    if (value != null) {
      ByteBufUtil.writeUtf8(target, value);
    }
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    return keyOrValue == null ? 0 : ByteBufUtil.utf8Bytes((CharSequence) keyOrValue);
  }

  @Override
  public boolean isEstimateExact() {
    return true;
  }

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return StringCodec.UTF8.decodeKey(bytes);
  }

  @Override
  public String decodeValue(ByteBuffer bytes) {
    return StringCodec.UTF8.decodeValue(bytes);
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return StringCodec.UTF8.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(String value) {
    return StringCodec.UTF8.encodeValue(value);
  }
}
