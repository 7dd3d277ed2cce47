package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AES-GCM profiles: bound to their user, readable under every listed key, rotated by order. */
class ProfileCipherTest {
  static String key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return Base64.getEncoder().encodeToString(k);
  }

  private static final String JSON = "{\"bio\":\"runner and gamer\"}";

  @Test
  void sealsUnderTheFirstKeyAndOpensUnderAnyListedOne() {
    ProfileCipher old = ProfileCipher.fromSetting("k1:" + key(1));
    String sealed = old.seal("alice", JSON);
    assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("runner");
    assertThat(old.seal("alice", JSON)).as("a fresh nonce each time").isNotEqualTo(sealed);

    ProfileCipher rotated = ProfileCipher.fromSetting("k2:" + key(2) + ", k1:" + key(1));
    assertThat(rotated.open("alice", sealed)).isEqualTo(JSON);
    String resealed = rotated.seal("alice", JSON);
    assertThat(resealed).startsWith("enc:v1:k2:");

    ProfileCipher retired = ProfileCipher.fromSetting("k2:" + key(2));
    assertThat(retired.open("alice", resealed)).isEqualTo(JSON);
    assertThatThrownBy(() -> retired.open("alice", sealed))
        .hasMessageContaining("key 'k1'")
        .hasMessageContaining("OVERDRIVE_PROFILE_KEYS");
  }

  @Test
  void aValueMovedToAnotherUserOrAlteredDoesNotOpen() {
    ProfileCipher c = ProfileCipher.fromSetting("k1:" + key(1));
    String sealed = c.seal("alice", JSON);
    assertThatThrownBy(() -> c.open("mallory", sealed)).hasMessageContaining("does not decrypt");
    char last = sealed.charAt(sealed.length() - 3);
    String altered =
        sealed.substring(0, sealed.length() - 3)
            + (last == 'A' ? 'B' : 'A')
            + sealed.substring(sealed.length() - 2);
    assertThatThrownBy(() -> c.open("alice", altered)).hasMessageContaining("does not decrypt");
  }

  @Test
  void plaintextFromBeforeEncryptionIsStillRead() {
    assertThat(ProfileCipher.fromSetting("k1:" + key(1)).open("alice", JSON)).isEqualTo(JSON);
    assertThat(ProfileCipher.PLAINTEXT.seal("alice", JSON)).isEqualTo(JSON);
  }

  @Test
  void aBadSettingNamesItself() {
    assertThatThrownBy(() -> ProfileCipher.fromSetting("k1:" + key(1).substring(8)))
        .hasMessageContaining("OVERDRIVE_PROFILE_KEYS")
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ProfileCipher.fromSetting(key(1)))
        .hasMessageContaining("<id>:<base64 key>");
    assertThatThrownBy(() -> ProfileCipher.fromSetting("a:" + key(1) + ",a:" + key(2)))
        .hasMessageContaining("listed twice");
  }
}
