package io.guichet.inventory;

import com.hazelcast.map.EntryProcessor;
import io.guichet.domain.inventory.GaState;
import java.io.Serializable;
import java.util.Map;

/** Entry processors of general-admission areas: the count is checked and changed atomically. */
final class GaProcessors {
  private GaProcessors() {}

  /**
   * Holds places; answers the places free after it, or -1 when there were not enough (or no area).
   */
  record Hold(long holdId, int count, long deadline, long now, long quotaAccess)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null || !state.hold(holdId, count, deadline, now, quotaAccess)) {
        return -1;
      }
      entry.setValue(state);
      return state.free(now);
    }
  }

  /**
   * Holds general places for the waiting list (an offer); answers the places the list still has
   * after it, or -1 when it had not that many (or no area).
   */
  record HoldForList(long holdId, int count, long deadline, long now)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null || !state.holdForList(holdId, count, deadline, now)) {
        return -1;
      }
      entry.setValue(state);
      return state.listFree(now);
    }
  }

  /**
   * Lists the area for the waiting list or gives its places back to buyers; answers the places free
   * to buyers after it (-1 without the area).
   */
  record SetListed(boolean listed, boolean add, long now)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return -1;
      }
      if (state.setListed(add ? state.listed() || listed : listed)) {
        entry.setValue(state);
      }
      return state.free(now);
    }
  }

  /** Reads the places the waiting list may offer; changes nothing. */
  record ListFree(long now)
      implements EntryProcessor<String, GaState, Integer>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      return entry.getValue() == null ? 0 : entry.getValue().listFree(now);
    }

    @Override
    public EntryProcessor<String, GaState, Integer> getBackupProcessor() {
      return null;
    }
  }

  /** Releases a hold; answers the places freed. */
  record Release(long holdId) implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return 0;
      }
      int freed = state.release(holdId);
      entry.setValue(state);
      return freed;
    }
  }

  /** Drops expired holds; answers the places freed. */
  record Expire(long now) implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return 0;
      }
      int freed = state.expire(now);
      if (freed > 0) {
        entry.setValue(state);
      }
      return freed;
    }
  }

  /** Moves a live hold's deadline; answers its places, or -1 when the hold is not live. */
  record Extend(long holdId, long until, long now)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return -1;
      }
      int places = state.extend(holdId, until, now);
      if (places >= 0) {
        entry.setValue(state);
      }
      return places;
    }
  }

  /** Sells a hold's places once its order is durable; answers the free places after. */
  record Sell(long holdId, int places, long now)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return -1;
      }
      state.sell(holdId, places);
      entry.setValue(state);
      return state.free(now);
    }
  }

  /** Puts sold places back on sale; answers the free places after. */
  record Unsell(int places, long now)
      implements EntryProcessor<String, GaState, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      if (state == null) {
        return -1;
      }
      state.unsell(places);
      entry.setValue(state);
      return state.free(now);
    }
  }

  /** Reads the free places. */
  record Free(long now)
      implements EntryProcessor<String, GaState, Integer>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      return entry.getValue() == null ? null : entry.getValue().free(now);
    }

    @Override
    public EntryProcessor<String, GaState, Integer> getBackupProcessor() {
      return null;
    }
  }

  /**
   * Reads places free to anyone (quota reserves and the waiting list's included) and places sold;
   * changes nothing.
   */
  record Counts(long now)
      implements EntryProcessor<String, GaState, int[]>, com.hazelcast.core.ReadOnly, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int[] process(Map.Entry<String, GaState> entry) {
      GaState state = entry.getValue();
      return state == null
          ? null
          : new int[] {state.free(now, -1L) + state.listFree(now), state.soldPlaces()};
    }

    @Override
    public EntryProcessor<String, GaState, int[]> getBackupProcessor() {
      return null;
    }
  }

  /** Reads the places a channel of this quota access may take; changes nothing. */
  record FreeFor(long quotaAccess, long now)
      implements EntryProcessor<String, GaState, Integer>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, GaState> entry) {
      return entry.getValue() == null ? 0 : entry.getValue().free(now, quotaAccess);
    }

    @Override
    public EntryProcessor<String, GaState, Integer> getBackupProcessor() {
      return null;
    }
  }
}
