package io.guichet.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 connection that sends exactly the bytes it is given (broken escapes, raw bytes, lying
 * headers) and reads one answer at a time, with a deadline per answer. A Vert.x client would
 * correct or refuse most of what a hostile client sends.
 */
public final class RawHttp implements AutoCloseable {
  /** An answer read whole. */
  public record Answer(int status, List<String[]> headers, byte[] body, long nanos) {
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    public boolean closes() {
      String c = header("connection");
      return c != null && c.toLowerCase(Locale.ROOT).contains("close");
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The server closed the connection without an answer. */
  public static final class Closed extends IOException {
    private static final long serialVersionUID = 1L;

    Closed(String message) {
      super(message);
    }
  }

  /** No answer (or not all of it) within the deadline. */
  public static final class TimedOut extends IOException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];
  private int start;
  private int end;

  public RawHttp(int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends the bytes and reads the answer; an answer that does not come in time is a TimedOut. */
  public Answer exchange(byte[] request) throws IOException {
    long t0 = System.nanoTime();
    try {
      out.write(request);
      out.flush();
    } catch (IOException e) {
      // the server may close while a large body is still being sent: its answer is in the buffer
      if (!(e.getMessage() != null && e.getMessage().contains("reset"))) {
        try {
          return read(t0);
        } catch (IOException ignored) {
          throw e;
        }
      }
      throw new Closed("the connection was reset while sending: " + e.getMessage());
    }
    return read(t0);
  }

  private Answer read(long t0) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new Closed("the connection was closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
    }
    byte[] body;
    String length = null;
    String chunked = null;
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("content-length")) {
        length = h[1];
      } else if (h[0].equalsIgnoreCase("transfer-encoding")) {
        chunked = h[1];
      }
    }
    if (chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        if (size == null) {
          throw new Closed("closed in a chunked answer");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          for (String t = line(); t != null && !t.isEmpty(); t = line()) {
            // trailers
          }
          break;
        }
        all.write(bytes(n));
        line();
      }
      body = all.toByteArray();
    } else if (length != null) {
      body = bytes(Integer.parseInt(length));
    } else {
      body = new byte[0];
    }
    return new Answer(status, headers, body, System.nanoTime() - t0);
  }

  /** True if the server has closed its side (an EOF is waiting), within the deadline. */
  public boolean closedByServer() throws IOException {
    if (start < end) {
      return false;
    }
    try {
      return fill() < 0;
    } catch (TimedOut e) {
      return false;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      if (start == end && fill() < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      byte b = buffer[start++];
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  private byte[] bytes(int n) throws IOException {
    byte[] result = new byte[n];
    int got = 0;
    while (got < n) {
      if (start == end && fill() < 0) {
        throw new Closed("closed in the middle of an answer's body");
      }
      int take = Math.min(n - got, end - start);
      System.arraycopy(buffer, start, result, got, take);
      start += take;
      got += take;
    }
    return result;
  }

  private int fill() throws IOException {
    try {
      int n = in.read(buffer, 0, buffer.length);
      if (n > 0) {
        start = 0;
        end = n;
      }
      return n;
    } catch (SocketTimeoutException e) {
      throw new TimedOut("no answer within " + socket.getSoTimeout() + " ms");
    } catch (java.net.SocketException e) {
      return -1; // reset by the server: closed
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
