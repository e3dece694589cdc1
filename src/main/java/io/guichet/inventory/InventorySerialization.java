package io.guichet.inventory;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.guichet.domain.inventory.BlockState;
import java.io.IOException;

/**
 * How the grid's own types cross Hazelcast's serialization: a block, and the result of every
 * operation on a block. A result is serialized by the partition thread and read back by the caller
 * on every hold and release, even on one node; with Java serialization (an object stream per
 * result) that was the largest Hazelcast cost of the hold path in a JFR profile.
 */
public final class InventorySerialization {
  static final int RESULT_TYPE_ID = 4202;

  private InventorySerialization() {}

  /** Registers the grid's serializers. */
  public static void register(SerializationConfig config) {
    config
        .addSerializerConfig(
            new SerializerConfig()
                .setTypeClass(BlockState.class)
                .setImplementation(new BlockStateSerializer()))
        .addSerializerConfig(
            new SerializerConfig()
                .setTypeClass(BlockProcessors.Result.class)
                .setImplementation(new ResultSerializer()));
  }

  /** A block operation's result: outcome, seats, seat, score, summary. */
  static final class ResultSerializer implements StreamSerializer<BlockProcessors.Result> {
    private static final BlockProcessors.Outcome[] OUTCOMES = BlockProcessors.Outcome.values();

    @Override
    public int getTypeId() {
      return RESULT_TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, BlockProcessors.Result r) throws IOException {
      out.writeByte(r.outcome().ordinal());
      out.writeIntArray(r.seats());
      out.writeInt(r.seat());
      out.writeLong(r.score());
      out.writeIntArray(r.summary());
      out.writeLong(r.due());
    }

    @Override
    public BlockProcessors.Result read(ObjectDataInput in) throws IOException {
      BlockProcessors.Outcome outcome = OUTCOMES[in.readByte()];
      int[] seats = in.readIntArray();
      int seat = in.readInt();
      long score = in.readLong();
      int[] summary = in.readIntArray();
      long due = in.readLong();
      return new BlockProcessors.Result(outcome, seats, seat, score, summary, due);
    }
  }
}
