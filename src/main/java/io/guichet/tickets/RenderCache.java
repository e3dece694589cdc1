package io.guichet.tickets;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered files (PDFs, wallet passes) of this node, least recently used out first, bounded by
 * their total size. The key names the content exactly (tickets, versions, signing key), so an entry
 * never goes stale: a changed ticket has another key.
 */
final class RenderCache {
  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;

  RenderCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized byte[] get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, byte[] value) {
    if (value.length > maxBytes / 4) {
      return; // one huge file would push everything else out
    }
    byte[] old = entries.put(key, value);
    bytes += value.length - (old == null ? 0 : old.length);
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, byte[]> eldest = it.next();
      bytes -= eldest.getValue().length;
      it.remove();
    }
  }
}
