package io.overdrive.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.overdrive.api.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tokens from an identity provider that publishes its keys as a JWK set (served here over real
 * HTTP), next to the HS256 shared secret: each token is checked with the key its header names.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.rate-limit.enabled=false", "overdrive.auth.audience=overdrive"})
class JwkSetAuthTest {
  static final String SECRET = "another-test-secret-of-at-least-32-bytes";
  static final String ISSUER = "https://id.example.test";
  static final RSAKey KEY = rsa("k1");
  static final RSAKey STRANGER = rsa("k1");
  static final HttpServer JWKS = serveJwks();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void auth(DynamicPropertyRegistry registry) {
    registry.add(
        "overdrive.auth.jwk-set-uri",
        () -> "http://localhost:" + JWKS.getAddress().getPort() + "/jwks.json");
    registry.add("overdrive.auth.jwt-secret", () -> SECRET);
  }

  @AfterAll
  static void stop() {
    JWKS.stop(0);
  }

  @Test
  void tokensSignedByThePublishedKeyOrTheSharedSecretAreAccepted() {
    ApiClient api = new ApiClient(port);
    String body = "{\"user_id\": \"dana\", \"candidate_items\": [{\"id\": \"x\"}]}";
    assertThat(api.withToken(rs256(KEY, "overdrive")).post("/rank/for-you", body).status())
        .isEqualTo(200);
    String hs =
        Tokens.sign(
            uncheckedMac(),
            new JWSHeader(JWSAlgorithm.HS256),
            withAudience(Tokens.claims("dana", "rank", Duration.ofMinutes(5), null), "overdrive"));
    assertThat(api.withToken(hs).post("/rank/for-you", body).status()).isEqualTo(200);
  }

  @Test
  void aForeignKeyOrAnotherAudienceIsRejected() {
    ApiClient api = new ApiClient(port);
    String body = "{\"user_id\": \"dana\"}";
    assertThat(api.withToken(rs256(STRANGER, "overdrive")).post("/rank/for-you", body).status())
        .isEqualTo(401);
    assertThat(api.withToken(rs256(KEY, "someone-else")).post("/rank/for-you", body).status())
        .isEqualTo(401);
  }

  static String rs256(RSAKey key, String audience) {
    try {
      return Tokens.sign(
          new RSASSASigner(key),
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          withAudience(Tokens.claims("dana", "rank", Duration.ofMinutes(5), ISSUER), audience));
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static com.nimbusds.jwt.JWTClaimsSet withAudience(
      com.nimbusds.jwt.JWTClaimsSet claims, String audience) {
    return new com.nimbusds.jwt.JWTClaimsSet.Builder(claims).audience(audience).build();
  }

  static com.nimbusds.jose.crypto.MACSigner uncheckedMac() {
    try {
      return new com.nimbusds.jose.crypto.MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    } catch (com.nimbusds.jose.KeyLengthException e) {
      throw new IllegalStateException(e);
    }
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpServer serveJwks() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/jwks.json",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(jwks);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
