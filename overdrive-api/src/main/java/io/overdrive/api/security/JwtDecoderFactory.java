package io.overdrive.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the token decoder from {@link AuthProperties}: HS256 with the shared secret, public keys
 * from a JWK set (or the issuer's metadata), or both, chosen per token by its {@code alg} header.
 * Expiry and not-before are always checked; issuer and audience when configured.
 */
final class JwtDecoderFactory {
  private JwtDecoderFactory() {}

  static JwtDecoder create(AuthProperties auth) {
    OAuth2TokenValidator<Jwt> validator = validator(auth);
    NimbusJwtDecoder secret = null;
    if (auth.hasSecret()) {
      byte[] key = auth.jwtSecret().getBytes(StandardCharsets.UTF_8);
      secret =
          NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
              .macAlgorithm(MacAlgorithm.HS256)
              .build();
      secret.setJwtValidator(validator);
    }
    NimbusJwtDecoder keys = null;
    if (auth.hasKeySet()) {
      var builder =
          auth.jwkSetUri() != null && !auth.jwkSetUri().isBlank()
              ? NimbusJwtDecoder.withJwkSetUri(auth.jwkSetUri())
              : NimbusJwtDecoder.withIssuerLocation(auth.issuerUri());
      keys =
          builder
              .jwsAlgorithms(
                  algs -> {
                    algs.add(SignatureAlgorithm.RS256);
                    algs.add(SignatureAlgorithm.RS384);
                    algs.add(SignatureAlgorithm.RS512);
                    algs.add(SignatureAlgorithm.ES256);
                    algs.add(SignatureAlgorithm.ES384);
                    algs.add(SignatureAlgorithm.PS256);
                  })
              .build();
      keys.setJwtValidator(validator);
    }
    if (secret != null && keys == null) {
      return secret;
    }
    if (keys != null && secret == null) {
      return keys;
    }
    NimbusJwtDecoder hmac = secret;
    NimbusJwtDecoder publicKeys = keys;
    return token -> (isHmac(token) ? hmac : publicKeys).decode(token);
  }

  private static boolean isHmac(String token) {
    try {
      return JWSAlgorithm.Family.HMAC_SHA.contains(
          JWTParser.parse(token).getHeader().getAlgorithm());
    } catch (ParseException e) {
      throw new BadJwtException("malformed token: " + e.getMessage(), e);
    }
  }

  private static OAuth2TokenValidator<Jwt> validator(AuthProperties auth) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(
        auth.issuerUri() != null && !auth.issuerUri().isBlank()
            ? JwtValidators.createDefaultWithIssuer(auth.issuerUri())
            : JwtValidators.createDefault());
    if (auth.audience() != null && !auth.audience().isBlank()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              JwtClaimNames.AUD, aud -> aud != null && aud.contains(auth.audience())));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
