package io.guichet.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request being written: its parts as they will go on the wire (the path and query already
 * encoded, so that a mutation can put any bytes there), turned into bytes at the end.
 */
final class Draft {
  String method;

  /** Encoded path segments, without slashes. */
  final List<String> segments = new ArrayList<>();

  /** Encoded query pairs ({@code name} alone when the value is null). */
  final List<String[]> query = new ArrayList<>();

  /** Headers in order; Host and Content-Length are added at the end unless switched off. */
  final List<String[]> headers = new ArrayList<>();

  byte[] body;
  boolean host = true;

  /** A raw request target that replaces path and query (for targets no builder would make). */
  String rawTarget;

  Draft(String method) {
    this.method = method;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  void setHeader(String name, String value) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    if (value != null) {
      headers.add(new String[] {name, value});
    }
  }

  String target() {
    if (rawTarget != null) {
      return rawTarget;
    }
    StringBuilder t = new StringBuilder();
    for (String s : segments) {
      t.append('/').append(s);
    }
    if (t.length() == 0) {
      t.append('/');
    }
    for (int i = 0; i < query.size(); i++) {
      String[] q = query.get(i);
      t.append(i == 0 ? '?' : '&').append(q[0]);
      if (q[1] != null) {
        t.append('=').append(q[1]);
      }
    }
    return t.toString();
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // the request line and headers as bytes, one char one byte (a mutation may put raw bytes)
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
    if (host) {
      head.append("Host: 127.0.0.1\r\n");
    }
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    if (body != null && header("transfer-encoding") == null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(h);
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}
