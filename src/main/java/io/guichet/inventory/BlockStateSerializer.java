package io.guichet.inventory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.SeatBlock;
import java.io.IOException;

/**
 * Hazelcast serializer of a block (its static seats and their states), used for backups, migrations
 * and remote reads; the domain classes stay free of Hazelcast.
 */
public final class BlockStateSerializer implements StreamSerializer<BlockState> {
  public static final int TYPE_ID = 4201;

  @Override
  public int getTypeId() {
    return TYPE_ID;
  }

  @Override
  public void write(ObjectDataOutput out, BlockState state) throws IOException {
    SeatBlock b = state.block();
    out.writeString(b.section());
    out.writeStringArray(b.ids());
    out.writeStringArray(b.labels());
    out.writeStringArray(b.rowLabels());
    out.writeIntArray(b.rowStart());
    out.writeIntArray(b.row());
    out.writeIntArray(b.pos());
    out.writeIntArray(b.rank());
    out.writeByteArray(b.category());
    int[] quota = new int[b.size()];
    for (int i = 0; i < quota.length; i++) {
      quota[i] = b.quota()[i];
    }
    out.writeIntArray(quota);
    out.writeDoubleArray(b.x());
    out.writeDouble(b.centreX());
    out.writeIntArray(b.rowMinRank());
    out.writeIntArray(b.rowOrder());
    out.writeByteArray(state.rawStates());
    out.writeLongArray(state.rawHolders());
    out.writeLongArray(state.rawDeadlines());
    out.writeInt(state.listed());
  }

  @Override
  public BlockState read(ObjectDataInput in) throws IOException {
    String section = in.readString();
    String[] ids = in.readStringArray();
    String[] labels = in.readStringArray();
    String[] rowLabels = in.readStringArray();
    int[] rowStart = in.readIntArray();
    int[] row = in.readIntArray();
    int[] pos = in.readIntArray();
    int[] rank = in.readIntArray();
    byte[] category = in.readByteArray();
    int[] quotaInts = in.readIntArray();
    short[] quota = new short[quotaInts.length];
    for (int i = 0; i < quota.length; i++) {
      quota[i] = (short) quotaInts[i];
    }
    double[] x = in.readDoubleArray();
    double centreX = in.readDouble();
    int[] rowMinRank = in.readIntArray();
    int[] rowOrder = in.readIntArray();
    SeatBlock block =
        new SeatBlock(
            section,
            ids,
            labels,
            rowLabels,
            rowStart,
            row,
            pos,
            rank,
            category,
            quota,
            x,
            centreX,
            rowMinRank,
            rowOrder);
    byte[] states = in.readByteArray();
    long[] holders = in.readLongArray();
    long[] deadlines = in.readLongArray();
    return new BlockState(block, states, holders, deadlines, in.readInt());
  }
}
