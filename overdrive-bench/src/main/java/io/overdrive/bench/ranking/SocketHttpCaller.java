package io.overdrive.bench.ranking;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One caller's HTTP/1.1 connection for the load generator: a blocking socket kept alive, each
 * request's bytes (request line, headers and body) encoded once before anything is timed, and the
 * answer read on the calling thread. The JDK's {@code HttpClient} hands every response from its
 * selector thread to another thread; on two vCPUs each hand-off can wait for a CPU, which lands in
 * the measured latency although the server had long answered (docs/benchmarks.md, "Whose tail is
 * it"). Here the time measured is the socket's: written, then read until the last byte of the body.
 *
 * <p>Not thread-safe: one per caller. A connection the server closed (or an I/O error) is reopened
 * on the next call, and the failed call counts as an error.
 */
final class SocketHttpCaller implements IntPredicate, AutoCloseable {
  private final InetSocketAddress address;
  private final byte[][] requests;
  private final byte[] buffer = new byte[64 * 1024];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** POST {@code path} of {@code base} with each body, as {@code application/json}. */
  SocketHttpCaller(String base, String path, List<byte[]> bodies) {
    URI uri = URI.create(base);
    this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    this.requests = new byte[bodies.size()][];
    for (int i = 0; i < requests.length; i++) {
      byte[] body = bodies.get(i);
      byte[] head =
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] whole = new byte[head.length + body.length];
      System.arraycopy(head, 0, whole, 0, head.length);
      System.arraycopy(body, 0, whole, head.length, body.length);
      requests[i] = whole;
    }
  }

  /** Sends request {@code i} and reads the whole answer: true on a 200. */
  @Override
  public boolean test(int i) {
    try {
      if (socket == null) {
        open();
      }
      out.write(requests[i]);
      out.flush();
      return readResponse() == 200;
    } catch (IOException e) {
      close();
      return false;
    }
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  /** Reads the status line, the headers and the body (by length or chunked); the status. */
  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closes = value.equalsIgnoreCase("close");
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(chunkSize(line()), 16);
          size > 0;
          size = Long.parseLong(chunkSize(line()), 16)) {
        skip(size);
        line(); // the CRLF after the chunk
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      throw new IOException("an answer without a length"); // HTTP/1.1 keep-alive never sends one
    }
    if (closes) {
      close();
    }
    return code;
  }

  private static String chunkSize(String line) {
    int semicolon = line.indexOf(';');
    return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (r < 0) {
        throw new IOException("connection closed in a body");
      }
      n -= r;
    }
  }

  /** One header line without its CRLF (ASCII). */
  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
