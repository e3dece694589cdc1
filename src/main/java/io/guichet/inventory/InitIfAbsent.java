package io.guichet.inventory;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/** Puts a value only where there is none: how every node builds the grid without a race. */
record InitIfAbsent<V>(V value) implements EntryProcessor<String, V, Boolean>, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public Boolean process(Map.Entry<String, V> entry) {
    if (entry.getValue() != null) {
      return false;
    }
    entry.setValue(value);
    return true;
  }
}
