package io.overdrive.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts users' signup profiles (bio, interests, follows) at rest in Redis with AES-256-GCM. The
 * setting ({@code OVERDRIVE_PROFILE_KEYS}) lists keys as {@code id:base64} separated by commas: the
 * first encrypts every profile written, all of them decrypt, so a key is rotated by putting a new
 * one first and keeping the old one listed until no profile uses it (each profile write re-encrypts
 * under the first key; docs/api.md, "Privacy"). A stored value is {@code enc:v1:<id>:<base64 of
 * 12-byte nonce, ciphertext and tag>}, authenticated with the user id, so a value copied to another
 * user's key does not decrypt. Values without the prefix are plaintext written before encryption
 * was turned on; they are read as they are and encrypted on their next write.
 */
public final class ProfileCipher {
  /** No keys: profiles are stored as plaintext JSON; encrypted ones cannot be read. */
  public static final ProfileCipher PLAINTEXT = new ProfileCipher(new LinkedHashMap<>());

  static final String PREFIX = "enc:v1:";
  private static final String SETTING = "overdrive.profile-keys (OVERDRIVE_PROFILE_KEYS)";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKeySpec> keys;
  private final String current;

  private ProfileCipher(LinkedHashMap<String, SecretKeySpec> keys) {
    this.keys = keys;
    this.current = keys.isEmpty() ? null : keys.keySet().iterator().next();
  }

  /**
   * Parses the setting; blank means {@link #PLAINTEXT}.
   *
   * @throws IllegalArgumentException naming the setting and the entry at fault
   */
  public static ProfileCipher fromSetting(String setting) {
    if (setting == null || setting.isBlank()) {
      return PLAINTEXT;
    }
    LinkedHashMap<String, SecretKeySpec> keys = new LinkedHashMap<>();
    String[] entries = setting.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            SETTING
                + " entry "
                + (i + 1)
                + ": must be <id>:<base64 key>, id of 1-32 [A-Za-z0-9_-]");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            SETTING + " key '" + id + "': not valid base64 (openssl rand -base64 32 makes one)");
      }
      if (key.length != 32) {
        throw new IllegalArgumentException(
            SETTING + " key '" + id + "': must be 32 bytes (AES-256), is " + key.length);
      }
      if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException(SETTING + ": key id '" + id + "' is listed twice");
      }
    }
    return new ProfileCipher(keys);
  }

  public boolean encrypting() {
    return current != null;
  }

  /** The id of the key new profiles are encrypted with, or null when storing plaintext. */
  public String currentKeyId() {
    return current;
  }

  /** The value to store for a user's profile JSON. */
  public String seal(String userId, String json) {
    if (current == null) {
      return json;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(json.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return PREFIX + current + ":" + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  /**
   * The profile JSON of a stored value.
   *
   * @throws IllegalStateException when the value is encrypted with a key not listed, or was altered
   *     (or belongs to another user)
   */
  public String open(String userId, String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    String id = colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new IllegalStateException(
          "the profile of "
              + userId
              + " is encrypted with key '"
              + id
              + "', which "
              + SETTING
              + " does not list");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
      return new String(
          c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the stored profile of " + userId + " does not decrypt with key '" + id + "'", e);
    }
  }
}
