package io.overdrive.api.ranking;

import io.overdrive.ranking.OverdriveToggle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /rank/for-you} without Spring MVC's dispatch, for the requests a gateway sends: a
 * JSON body of known length, JSON accepted. MVC's handler lookup, argument resolution, content
 * negotiation and return-value handling cost a fifth of an ids ranking's CPU on the request thread
 * (docs/benchmarks.md, "Where the time goes"), for one fixed route.
 *
 * <p>It runs behind the same servlet filters (the request metric, the body cap, Spring Security
 * with authentication, scopes and rate limits), reads and writes with the JSON mapper MVC uses, and
 * checks everything MVC would ({@code @Valid}, then {@link RankController.Checked}) before anything
 * happens. The body is read by {@link ForYouRequestReader} (token by token into the candidates),
 * or, when that reader finds it unusual, bound as MVC binds it. A request it would refuse, or one
 * of another shape (chunked, another content type or charset, an {@code Accept} it does not spell
 * out), goes on to MVC with its body replayed, so every error answer, its body and its metric are
 * MVC's own. An exception of the ranking itself is answered by MVC's exception resolvers ({@code
 * ApiErrors}), as if the controller had thrown it.
 */
public final class ForYouFastPath extends OncePerRequestFilter {
  public static final String PATH = "/rank/for-you";

  /**
   * Bodies up to this size are read into a buffer each request thread keeps (500 described
   * candidates are ~120 KB): reading them into a new array per request allocated more than MVC's
   * streaming read. A thread keeps at most this much, grown to the largest body it read.
   */
  static final int KEPT_BUFFER = 256 * 1024;

  private final ThreadLocal<byte[]> buffers = new ThreadLocal<>();
  private final RankController controller;
  private final ForYouRequestReader direct;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final Validator validator;
  private final HandlerExceptionResolver errors;
  private final HandlerMethod handler;

  /**
   * @param mapper the application's JSON mapper (the one MVC's converter reads and writes with)
   * @param errors MVC's exception resolvers ({@code handlerExceptionResolver})
   */
  public ForYouFastPath(
      RankController controller,
      JsonMapper mapper,
      Validator validator,
      HandlerExceptionResolver errors) {
    this.controller = controller;
    this.direct = new ForYouRequestReader(mapper);
    this.reader = mapper.readerFor(ForYouRequest.class);
    this.writer = mapper.writerFor(ForYouResponse.class);
    this.validator = validator;
    this.errors = errors;
    try {
      Method forYou = RankController.class.getMethod("forYou", ForYouRequest.class, String.class);
      this.handler = new HandlerMethod(controller, forYou);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("RankController.forYou changed its signature", e);
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod())
        || !request.getRequestURI().equals(request.getContextPath() + PATH);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!usual(request)) {
      chain.doFilter(request, response);
      return;
    }
    int declared = (int) request.getContentLengthLong();
    byte[] body = bufferFor(declared);
    int length = request.getInputStream().readNBytes(body, 0, declared);
    RankController.Checked checked =
        checked(body, length, request.getHeader(OverdriveToggle.HEADER));
    if (checked == null) {
      // MVC says what is wrong, reading a copy of the body (the kept buffer is the next request's)
      chain.doFilter(new Replayed(request, Arrays.copyOf(body, length)), response);
      return;
    }
    ServerHttpObservationFilter.findObservationContext(request)
        .ifPresent(c -> c.setPathPattern(PATH)); // the request metric's uri tag, as MVC sets it
    ForYouResponse answer;
    try {
      answer = controller.rank(checked);
    } catch (Exception e) {
      if (errors.resolveException(request, response, handler, e) == null) {
        throw e;
      }
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    writer.writeValue(response.getOutputStream(), answer);
  }

  /** This thread's buffer, grown to the body's size; a new array for a body over the cap. */
  private byte[] bufferFor(int length) {
    if (length > KEPT_BUFFER) {
      return new byte[length];
    }
    byte[] kept = buffers.get();
    if (kept == null || kept.length < length) {
      kept = new byte[Math.min(KEPT_BUFFER, Math.max(length, 16 * 1024))];
      buffers.set(kept);
    }
    return kept;
  }

  /** A JSON body of declared length, JSON (or anything) accepted: the gateway's request. */
  static boolean usual(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      return false;
    }
    String type = request.getContentType();
    if (type == null
        || !(type.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)
            || type.equalsIgnoreCase("application/json;charset=UTF-8")
            || type.equalsIgnoreCase("application/json; charset=UTF-8"))) {
      return false;
    }
    String accept = request.getHeader("Accept");
    return accept == null
        || accept.equals("*/*")
        || accept.equals(MediaType.APPLICATION_JSON_VALUE)
        || accept.equals("application/json, */*");
  }

  /** The request as MVC would accept it, or null when MVC would refuse it. */
  private RankController.Checked checked(byte[] body, int length, String useOverdrive) {
    try {
      ForYouRequestReader.Parsed read = direct.read(body, 0, length);
      if (read != null) {
        return RankController.Checked.of(read, useOverdrive);
      }
      // not the usual shape (or refused): read as MVC reads it
      ForYouRequest parsed = reader.readValue(body, 0, length);
      if (parsed == null || !validator.validate(parsed).isEmpty()) {
        return null;
      }
      return RankController.Checked.of(parsed, useOverdrive);
    } catch (RuntimeException e) {
      return null; // a JSON, binding or field error: MVC answers it, with its message
    }
  }

  /** The request with its body, already read, to be read again. */
  static final class Replayed extends HttpServletRequestWrapper {
    private final byte[] body;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body was read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              encoding == null
                  ? StandardCharsets.UTF_8
                  : java.nio.charset.Charset.forName(encoding)));
    }
  }
}
