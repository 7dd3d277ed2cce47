package io.overdrive.api.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs test tokens the way an identity provider would. */
public final class Tokens {
  private Tokens() {}

  public static String hs256(String secret, String subject, String scope, Duration validFor) {
    try {
      return sign(
          new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
          new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
          claims(subject, scope, validFor, null));
    } catch (com.nimbusds.jose.KeyLengthException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static JWTClaimsSet claims(
      String subject, String scope, Duration validFor, String issuer) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(validFor)));
    if (scope != null) {
      b.claim("scope", scope);
    }
    if (issuer != null) {
      b.issuer(issuer);
    }
    return b.build();
  }

  public static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
