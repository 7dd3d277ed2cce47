package io.overdrive.api.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.api.web.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Applies the {@link RateLimiter} per caller: the authenticated token's subject, else the client
 * address. It runs in the security chain right after token authentication, so a caller is known by
 * its token. A refused request gets 429 with {@code Retry-After}; an allowed one carries {@code
 * X-RateLimit-Remaining}. When the shared store (Redis) fails, requests are let through (and
 * counted) rather than failing the API.
 */
public class RateLimitFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
  static final String REMAINING_HEADER = "X-RateLimit-Remaining";

  private final RateLimiter limiter;
  private final List<PathPattern> exempt;
  private final Counter rejected;
  private final Counter failures;
  private final AtomicLong lastFailureLog = new AtomicLong();
  private final ErrorWriter errors;

  public RateLimitFilter(
      RateLimiter limiter, List<String> exemptPaths, MeterRegistry registry, ErrorWriter errors) {
    this.limiter = limiter;
    this.errors = errors;
    this.exempt = exemptPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    this.rejected =
        Counter.builder("overdrive.ratelimit.rejected")
            .description("Requests refused with 429")
            .register(registry);
    this.failures =
        Counter.builder("overdrive.ratelimit.failures")
            .description("Requests let through because the rate-limit store failed")
            .register(registry);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    PathContainer path = PathContainer.parsePath(request.getRequestURI());
    return exempt.stream().anyMatch(p -> p.matches(path));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String caller = callerKey(request);
    RateLimiter.Decision decision;
    try {
      decision = limiter.tryAcquire(caller);
    } catch (RuntimeException e) {
      failures.increment();
      long now = System.nanoTime();
      long last = lastFailureLog.get();
      if (now - last > TimeUnit.SECONDS.toNanos(10) && lastFailureLog.compareAndSet(last, now)) {
        log.warn("Rate limit store ({}) failed; letting requests through", limiter.describe(), e);
      }
      chain.doFilter(request, response);
      return;
    }
    if (!decision.allowed()) {
      rejected.increment();
      long retryAfter = Math.max(1, (long) Math.ceil(decision.retryAfterNanos() / 1e9));
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
      response.setHeader(REMAINING_HEADER, "0");
      errors.write(
          response,
          HttpStatus.TOO_MANY_REQUESTS,
          "rate limit exceeded for " + caller + "; retry after " + retryAfter + " s");
      return;
    }
    response.setHeader(REMAINING_HEADER, Long.toString(decision.remaining()));
    chain.doFilter(request, response);
  }

  /** The token's subject when authenticated, else the client address. */
  static String callerKey(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
      return "sub:" + auth.getName();
    }
    return "ip:" + request.getRemoteAddr();
  }
}
