package io.overdrive.api.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.api.console.ConsoleWebConfiguration;
import io.overdrive.api.ratelimit.RateLimitFilter;
import io.overdrive.api.ratelimit.RateLimitProperties;
import io.overdrive.api.ratelimit.RateLimiter;
import io.overdrive.api.web.ErrorWriter;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless API. With {@code OVERDRIVE_AUTH_JWT_SECRET}, {@code OVERDRIVE_AUTH_ISSUER_URI} or
 * {@code OVERDRIVE_AUTH_JWK_SET_URI} every endpoint but the public ones (health, probes, metrics,
 * API docs) needs a valid bearer token; without them the API is open and logs a WARN saying so.
 * Rate limits run right after authentication, keyed by the token's subject or the client address.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
  static final String RANK = "SCOPE_rank";
  static final String EVENTS = "SCOPE_events";
  static final String ADMIN = "SCOPE_admin";
  static final String CATALOGUE = "SCOPE_catalogue";

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      AuthProperties auth,
      RateLimitProperties limits,
      ObjectProvider<RateLimiter> rateLimiter,
      MeterRegistry registry,
      ErrorWriter errors) {
    http.csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    RateLimiter limiter = rateLimiter.getIfAvailable();
    if (limiter != null) {
      http.addFilterAfter(
          new RateLimitFilter(limiter, limits.exemptPaths(), registry, errors),
          AnonymousAuthenticationFilter.class);
    }
    if (!auth.enabled()) {
      log.warn(
          "Authentication is OFF: every endpoint is open. Set OVERDRIVE_AUTH_JWT_SECRET,"
              + " OVERDRIVE_AUTH_ISSUER_URI or OVERDRIVE_AUTH_JWK_SET_URI to require bearer tokens.");
      http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      return http.build();
    }
    JwtDecoder decoder = JwtDecoderFactory.create(auth);
    BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
    AccessDeniedHandler jsonDenied =
        (request, response, e) -> {
          denied.handle(request, response, e);
          errors.write(
              response,
              HttpStatus.FORBIDDEN,
              "the token's scopes do not allow "
                  + request.getMethod()
                  + " "
                  + request.getRequestURI());
        };
    http.oauth2ResourceServer(
            o ->
                o.jwt(j -> j.decoder(decoder))
                    .authenticationEntryPoint(
                        (request, response, e) -> {
                          challenge.commence(request, response, e);
                          errors.write(response, HttpStatus.UNAUTHORIZED, message(e));
                        })
                    .accessDeniedHandler(jsonDenied))
        .exceptionHandling(
            x ->
                x.authenticationEntryPoint(
                        (request, response, e) -> {
                          challenge.commence(request, response, e);
                          errors.write(response, HttpStatus.UNAUTHORIZED, message(e));
                        })
                    .accessDeniedHandler(jsonDenied))
        .authorizeHttpRequests(
            a -> {
              a.requestMatchers(auth.publicPaths().toArray(String[]::new)).permitAll();
              // the console's page holds no data; what it shows comes through its admin calls
              a.requestMatchers(HttpMethod.GET, ConsoleWebConfiguration.SHELL_PATHS).permitAll();
              a.requestMatchers(ConsoleWebConfiguration.API_PATHS).hasAuthority(ADMIN);
              if (auth.requireScopes()) {
                requireScopes(a);
              } else {
                a.anyRequest().authenticated();
              }
            });
    log.info(
        "Authentication: bearer tokens required ({}{}{}), public paths {}",
        auth.hasSecret() ? "HS256 shared secret" : "",
        auth.hasSecret() && auth.hasKeySet() ? " + " : "",
        auth.hasKeySet() ? "JWK set" : "",
        auth.publicPaths());
    return http.build();
  }

  /**
   * rank: ranking and the read views; events: events and signup; catalogue: posting and taking down
   * items (the content service's); admin: erasure of anyone (and everything else). A user may erase
   * their own data with any valid token of theirs.
   */
  private static void requireScopes(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
    a.requestMatchers(HttpMethod.POST, "/rank/**")
        .hasAnyAuthority(RANK, ADMIN)
        .requestMatchers(HttpMethod.POST, "/events")
        .hasAnyAuthority(EVENTS, ADMIN)
        .requestMatchers(HttpMethod.PUT, "/users/*")
        .hasAnyAuthority(EVENTS, ADMIN)
        .requestMatchers(HttpMethod.DELETE, "/users/{user_id}")
        .access(selfOrAdmin())
        .requestMatchers(HttpMethod.GET, "/users/{user_id}/export")
        .access(selfOrAdmin())
        .requestMatchers(
            HttpMethod.GET,
            "/users/*",
            "/features/*",
            "/interests/*",
            "/interests/*/history",
            "/insights/*")
        .hasAnyAuthority(RANK, ADMIN)
        .requestMatchers(HttpMethod.POST, "/items")
        .hasAnyAuthority(CATALOGUE, ADMIN)
        .requestMatchers(HttpMethod.DELETE, "/items/*")
        .hasAnyAuthority(CATALOGUE, ADMIN)
        .requestMatchers(HttpMethod.GET, "/items/*")
        .hasAnyAuthority(CATALOGUE, RANK, ADMIN)
        .anyRequest()
        .hasAuthority(ADMIN);
  }

  private static AuthorizationManager<RequestAuthorizationContext> selfOrAdmin() {
    AuthorizationManager<RequestAuthorizationContext> admin =
        AuthorityAuthorizationManager.hasAuthority(ADMIN);
    return new AuthorizationManager<>() {
      @Override
      public AuthorizationResult authorize(
          Supplier<? extends Authentication> authentication, RequestAuthorizationContext ctx) {
        Authentication a = authentication.get();
        if (a != null
            && a.isAuthenticated()
            && a.getName().equals(ctx.getVariables().get("user_id"))) {
          return new AuthorizationDecision(true);
        }
        return admin.authorize(authentication, ctx);
      }
    };
  }

  private static String message(Exception e) {
    if (e instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null) {
      return "invalid bearer token: " + o.getError().getDescription();
    }
    return "a bearer token is required (Authorization: Bearer <jwt>)";
  }

  /**
   * Spring Security observes its filter chain, each filter, every authentication and authorization
   * when an observation registry exists (the actuator's): spans and events on every request that
   * nothing here reads (decision 0505, third round). The request's own {@code http.server.requests}
   * timer and the error metrics are not observations of Security's and stay.
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** No form-login users exist; this keeps Boot from generating a default password. */
  @Bean
  UserDetailsService noUsers() {
    return new InMemoryUserDetailsManager();
  }
}
