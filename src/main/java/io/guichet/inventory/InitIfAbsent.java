package io.guichet.inventory;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Puts a value only where there is none: how every node builds the grid without a race. It travels
 * through Hazelcast's own serialization, so the value uses its registered serializer.
 */
final class InitIfAbsent<V> implements EntryProcessor<String, V, Boolean>, DataSerializable {
  private V value;

  /** For deserialization. */
  public InitIfAbsent() {}

  InitIfAbsent(V value) {
    this.value = value;
  }

  @Override
  public Boolean process(Map.Entry<String, V> entry) {
    if (entry.getValue() != null) {
      return false;
    }
    entry.setValue(value);
    return true;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeObject(value);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    value = in.readObject();
  }
}
