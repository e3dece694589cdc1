package io.guichet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

/** A block operation's result through Hazelcast's serialization with our serializer. */
class InventorySerializationTest {
  @Test
  void results_come_back_whole_with_or_without_seats_summary_and_deadline() {
    SerializationConfig config = new SerializationConfig();
    InventorySerialization.register(config);
    InternalSerializationService hz =
        new DefaultSerializationServiceBuilder().setConfig(config).build();
    for (BlockProcessors.Result r :
        new BlockProcessors.Result[] {
          new BlockProcessors.Result(
              BlockProcessors.Outcome.HELD,
              new int[] {3, 4, 5},
              -1,
              1234L,
              new int[] {7, 0, 2},
              1_790_000_000_000L),
          new BlockProcessors.Result(BlockProcessors.Outcome.SEAT_TAKEN, null, 17, Long.MAX_VALUE),
          new BlockProcessors.Result(
              BlockProcessors.Outcome.DONE, null, 2, 0, new int[0], Long.MAX_VALUE)
        }) {
      Data data = hz.toData(r);
      assertThat(data.getType()).isEqualTo(InventorySerialization.RESULT_TYPE_ID);
      BlockProcessors.Result back = hz.toObject(data);
      assertThat(back).usingRecursiveComparison().isEqualTo(r);
    }
  }
}
