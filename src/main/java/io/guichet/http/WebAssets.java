package io.guichet.http;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference shop's and the control room's files ({@code src/main/resources/webroot/}), read
 * once from the class path when the server starts and kept in memory (some 100 kB).
 *
 * <p>Every asset is served under a name that carries a hash of its content ({@code
 * /assets/shop.3f2a9c1e.js}), so a browser may keep it for a year without asking again ({@code
 * Cache-Control: public, max-age=31536000, immutable}); a new release changes the name. The two
 * pages refer to the assets by their plain names ({@code /assets/shop.js}), which are rewritten to
 * the hashed ones here; the pages themselves are {@code no-cache} with an {@code ETag}, so a
 * returning browser gets a 304 of a few bytes and then every asset from its cache. Doing the
 * renaming at start-up rather than in a front-end build keeps the build Maven only and the files
 * readable as they are written.
 */
final class WebAssets {
  static final String ROOT = "webroot/";

  /** The assets, by plain name: the pages name them so. */
  static final List<String> ASSETS =
      List.of(
          "shop.js",
          "shop.css",
          "common.js",
          "seatmap.js",
          "admin.js",
          "admin.css",
          "qrcode.js",
          "favicon.svg");

  /** One file ready to send: its bytes, media type and entity tag. */
  record File(Buffer body, String contentType, String etag) {}

  private final Map<String, File> assetsByHashedName;
  private final Map<String, String> hashedNames;
  private final File shopPage;
  private final File controlRoomPage;

  private WebAssets(
      Map<String, File> assetsByHashedName,
      Map<String, String> hashedNames,
      File shopPage,
      File controlRoomPage) {
    this.assetsByHashedName = assetsByHashedName;
    this.hashedNames = hashedNames;
    this.shopPage = shopPage;
    this.controlRoomPage = controlRoomPage;
  }

  /** Reads the files from the class path (blocking: at start-up, before any verticle runs). */
  static WebAssets load() {
    Map<String, File> byHashed = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (String name : ASSETS) {
      byte[] bytes = read(ROOT + "assets/" + name);
      String hash = hash(bytes);
      int dot = name.lastIndexOf('.');
      String hashed = name.substring(0, dot) + "." + hash + name.substring(dot);
      names.put(name, hashed);
      byHashed.put(hashed, new File(Buffer.buffer(bytes), contentType(name), '"' + hash + '"'));
    }
    return new WebAssets(
        byHashed, names, page(ROOT + "index.html", names), page(ROOT + "admin/index.html", names));
  }

  File shopPage() {
    return shopPage;
  }

  File controlRoomPage() {
    return controlRoomPage;
  }

  /** An asset by its hashed name, if it is one. */
  Optional<File> asset(String hashedName) {
    return Optional.ofNullable(assetsByHashedName.get(hashedName));
  }

  /** The hashed name of an asset (tests and the README's size figures use it). */
  String hashedName(String name) {
    return hashedNames.get(name);
  }

  private static File page(String resource, Map<String, String> names) {
    String html = new String(read(resource), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> e : names.entrySet()) {
      html = html.replace("/assets/" + e.getKey() + "\"", "/assets/" + e.getValue() + "\"");
    }
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    return new File(Buffer.buffer(bytes), "text/html; charset=utf-8", '"' + hash(bytes) + '"');
  }

  private static byte[] read(String resource) {
    try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
