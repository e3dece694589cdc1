package io.guichet.inventory;

import com.hazelcast.map.EntryProcessor;
import io.guichet.domain.inventory.BestAvailable;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.IsolatedSeats;
import io.guichet.domain.inventory.SeatRequest;
import java.io.Serializable;
import java.util.Map;

/**
 * The only ways a block changes: entry processors, run by the thread that owns the block's
 * partition, so each is atomic with no lock. A missing block (not yet built) answers {@link
 * Outcome#MISSING}.
 */
final class BlockProcessors {
  private BlockProcessors() {}

  /** What a processor did. */
  enum Outcome {
    HELD,
    NONE,
    SEAT_TAKEN,
    SEAT_RESERVED,
    ISOLATED_SEAT,
    MISSING,
    DONE
  }

  /**
   * A result: the outcome, seats (block indexes) where relevant, a seat named by a refusal, the
   * choice's score, and the block's summary after the operation (see BlockState#summary) with its
   * earliest hold deadline ({@link Long#MAX_VALUE} when nothing is held; {@link Long#MIN_VALUE}
   * with no summary), which tells the reaper when the block is next worth a visit.
   */
  record Result(Outcome outcome, int[] seats, int seat, long score, int[] summary, long due)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A result that tells nothing of the block's state (no summary, no deadline). */
    Result(Outcome outcome, int[] seats, int seat, long score) {
      this(outcome, seats, seat, score, null, Long.MIN_VALUE);
    }

    /** A result with the block's summary and earliest hold deadline after the operation. */
    Result(
        Outcome outcome,
        int[] seats,
        int seat,
        long score,
        BlockState after,
        int categories,
        long now) {
      this(outcome, seats, seat, score, after.summary(categories, now), after.nextDeadline());
    }
  }

  private static Result missing() {
    return new Result(Outcome.MISSING, null, -1, Long.MAX_VALUE);
  }

  /**
   * Holds the block's best seats for a party if their score is at most {@code maxScore}; otherwise
   * holds nothing and answers the best score it could offer.
   */
  record HoldBest(
      SeatRequest request, int categories, long holdId, long deadline, long now, long maxScore)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      BestAvailable.Choice choice = BestAvailable.find(state, request, now);
      if (choice == null) {
        return new Result(Outcome.NONE, null, -1, Long.MAX_VALUE, state, categories, now);
      }
      if (choice.score() > maxScore) {
        return new Result(Outcome.NONE, null, -1, choice.score(), state, categories, now);
      }
      state.hold(choice.seats(), holdId, deadline);
      entry.setValue(state);
      return new Result(Outcome.HELD, choice.seats(), -1, choice.score(), state, categories, now);
    }
  }

  /**
   * Holds named seats (a pick on the map, or the new seats of a swap): all or none. With {@code
   * releaseSeats}, the same hold's seats listed there are released in the same step (a swap inside
   * one block).
   */
  record HoldSeats(
      int[] seats,
      int[] releaseSeats,
      long holdId,
      long deadline,
      long now,
      long quotaAccess,
      boolean isolationRule,
      int categories,
      boolean forList)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 2L;

    /** A buyer's pick or swap. */
    HoldSeats(
        int[] seats,
        int[] releaseSeats,
        long holdId,
        long deadline,
        long now,
        long quotaAccess,
        boolean isolationRule,
        int categories) {
      this(
          seats,
          releaseSeats,
          holdId,
          deadline,
          now,
          quotaAccess,
          isolationRule,
          categories,
          false);
    }

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      BlockState trial = releaseSeats.length == 0 ? state : state.copy();
      trial.release(holdId, releaseSeats, now);
      SeatRequest access = new SeatRequest(0, 1, quotaAccess, false, false, forList);
      for (int i : seats) {
        // a seat the waiting list keeps is not on sale: taken, as far as a buyer can tell
        if (!trial.free(i, now) || trial.listedSeat(i) != forList) {
          return refused(Outcome.SEAT_TAKEN, i);
        }
        if (!access.mayTake(trial, i)) {
          return refused(Outcome.SEAT_RESERVED, i);
        }
      }
      if (releaseSeats.length == 0) {
        if (isolationRule) {
          int stranded = IsolatedSeats.strandedBy(trial, seats, now);
          if (stranded >= 0) {
            return refused(Outcome.ISOLATED_SEAT, stranded);
          }
        }
        trial.hold(seats, holdId, deadline);
      } else {
        // a swap: judged on the whole change, the seats it gives back included
        trial.hold(seats, holdId, deadline);
        if (isolationRule) {
          int stranded = IsolatedSeats.strandedByChange(state, trial, changed(), now);
          if (stranded >= 0) {
            return refused(Outcome.ISOLATED_SEAT, stranded);
          }
        }
      }
      entry.setValue(trial);
      return new Result(Outcome.HELD, seats, -1, 0, trial, categories, now);
    }

    private int[] changed() {
      int[] all = java.util.Arrays.copyOf(seats, seats.length + releaseSeats.length);
      System.arraycopy(releaseSeats, 0, all, seats.length, releaseSeats.length);
      return all;
    }

    private static Result refused(Outcome outcome, int seat) {
      return new Result(outcome, null, seat, Long.MAX_VALUE);
    }
  }

  /**
   * Whether giving back these seats of a hold would strand one (the seat, or -1), changing nothing:
   * the first step of a swap across blocks, whose new seats are held before the old ones are given
   * back.
   */
  record StrandedOnRelease(long holdId, int[] seats, long now)
      implements EntryProcessor<String, BlockState, Integer>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return -1;
      }
      BlockState after = state.copy();
      after.release(holdId, seats);
      return IsolatedSeats.strandedByChange(state, after, seats, now);
    }
  }

  /** Releases a hold's seats in this block (all of them, or only those listed). */
  record Release(long holdId, int[] seats, int categories, long now)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      int freed = state.release(holdId, seats, now);
      if (freed > 0) {
        entry.setValue(state);
      }
      return new Result(Outcome.DONE, null, freed, 0, state, categories, now);
    }
  }

  /**
   * Moves the deadline of a hold's listed seats (a payment is in flight), if they are all still
   * held by it; otherwise changes nothing and answers NONE with the first seat lost.
   */
  record Extend(long holdId, int[] seats, long until, long now, int categories)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      for (int i : seats) {
        if (!state.heldBy(i, holdId, now)) {
          return new Result(Outcome.NONE, null, i, 0);
        }
      }
      state.extend(seats, holdId, until, now);
      entry.setValue(state);
      return new Result(Outcome.DONE, seats, -1, 0);
    }
  }

  /**
   * Marks seats sold once their order is committed to PostgreSQL. PostgreSQL is the truth: the
   * seats are sold whatever the grid thought of them.
   */
  record Sell(int[] seats, int categories, long now)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      for (int i : seats) {
        if (state.effective(i, now) != io.guichet.domain.catalogue.SeatState.SOLD) {
          state.sell(i);
        }
      }
      entry.setValue(state);
      return new Result(Outcome.DONE, seats, -1, 0, state, categories, now);
    }
  }

  /** Puts sold seats back on sale (their order was cancelled). */
  record Reopen(int[] seats, int categories, long now)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      int reopened = 0;
      for (int i : seats) {
        if (state.reopen(i, now)) {
          reopened++;
        }
      }
      entry.setValue(state);
      return new Result(Outcome.DONE, null, reopened, 0, state, categories, now);
    }
  }

  /** Reads the effective state of every seat; changes nothing and needs no backup. */
  record States(long now)
      implements EntryProcessor<String, BlockState, byte[]>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      return state == null ? null : state.effectiveStates(now);
    }

    @Override
    public EntryProcessor<String, BlockState, byte[]> getBackupProcessor() {
      return null;
    }
  }

  /** Reads the block's summary (see BlockState#summary); changes nothing. */
  record Summarize(long now, int categories)
      implements EntryProcessor<String, BlockState, int[]>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int[] process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      return state == null ? null : state.summary(categories, now);
    }

    @Override
    public EntryProcessor<String, BlockState, int[]> getBackupProcessor() {
      return null;
    }
  }

  /** Frees the holds past their deadline; answers how many seats. */
  record Expire(long now, int categories)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return new Result(Outcome.MISSING, null, 0, 0);
      }
      if (state.nextDeadline() > now) {
        // Nothing due: answer the summary anyway, so every node's view stays recent.
        return new Result(Outcome.DONE, null, 0, 0, state, categories, now);
      }
      int freed = state.expire(now);
      entry.setValue(state);
      return new Result(Outcome.DONE, null, freed, 0, state, categories, now);
    }
  }

  /**
   * What a hold for the waiting list got: its seats, when the first of them was freed, summaries.
   */
  record ListHold(Outcome outcome, int[] seats, long freedAt, int[] listSummary, Result after)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Holds the block's best seats of the waiting list for one offer (a request made {@link
   * SeatRequest#forList() for the list}); answers them with when the earliest was freed, and the
   * block's list summary after it.
   */
  record HoldForList(SeatRequest request, int categories, long holdId, long deadline, long now)
      implements EntryProcessor<String, BlockState, ListHold>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ListHold process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return new ListHold(Outcome.MISSING, null, 0, null, missing());
      }
      BestAvailable.Choice choice = BestAvailable.find(state, request, now);
      if (choice == null) {
        return new ListHold(
            Outcome.NONE,
            null,
            0,
            state.listSummary(categories, now),
            new Result(Outcome.NONE, null, -1, Long.MAX_VALUE, state, categories, now));
      }
      long freedAt = Long.MAX_VALUE;
      for (int i : choice.seats()) {
        long at = state.freedAt(i, now);
        freedAt = Math.min(freedAt, at > 0 ? at : Long.MAX_VALUE);
      }
      state.hold(choice.seats(), holdId, deadline);
      entry.setValue(state);
      return new ListHold(
          Outcome.HELD,
          choice.seats(),
          freedAt == Long.MAX_VALUE ? 0 : freedAt,
          state.listSummary(categories, now),
          new Result(Outcome.HELD, choice.seats(), -1, choice.score(), state, categories, now));
    }
  }

  /**
   * Lists exactly these categories (bit c: category c) for the waiting list, or adds them to those
   * listed ({@code add}); answers the block's summary after it.
   */
  record SetListed(int mask, boolean add, int categories, long now)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      if (state.setListed(add ? state.listed() | mask : mask)) {
        entry.setValue(state);
      }
      return new Result(Outcome.DONE, null, -1, 0, state, categories, now);
    }
  }

  /** Reads the block's list summary (see BlockState#listSummary); changes nothing. */
  record ListSummary(long now, int categories)
      implements EntryProcessor<String, BlockState, int[]>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int[] process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      return state == null ? null : state.listSummary(categories, now);
    }

    @Override
    public EntryProcessor<String, BlockState, int[]> getBackupProcessor() {
      return null;
    }
  }

  /**
   * Sends seats to the waiting list: blocked ones are unblocked, and each leaves its quota for the
   * general pool; sold and held seats are left as they are (a held one comes back when its hold
   * ends). Answers how many seats changed, with the block's summary.
   */
  record ReleaseToList(int[] seats, int categories, long now)
      implements EntryProcessor<String, BlockState, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return missing();
      }
      short[] quota = state.block().quota().clone();
      int changed = 0;
      for (int i : seats) {
        boolean moved = quota[i] >= 0;
        quota[i] = -1;
        if (state.unblock(i, now) || moved) {
          changed++;
        }
      }
      BlockState after = state.withBlock(state.block().withQuota(quota));
      entry.setValue(after);
      return new Result(Outcome.DONE, null, changed, 0, after, categories, now);
    }
  }

  /**
   * Reads, per category, the seats on sale that a channel of this quota access may take (the
   * waiting list's seats are not on sale); changes nothing.
   */
  record OnSaleFor(long quotaAccess, int categories, long now)
      implements EntryProcessor<String, BlockState, int[]>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int[] process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      int[] out = new int[categories];
      if (state == null) {
        return out;
      }
      SeatRequest access = new SeatRequest(0, 1, quotaAccess, false, false);
      for (int i = 0; i < state.block().size(); i++) {
        if (state.onSale(i, now) && access.mayTake(state, i)) {
          out[state.block().category()[i]]++;
        }
      }
      return out;
    }

    @Override
    public EntryProcessor<String, BlockState, int[]> getBackupProcessor() {
      return null;
    }
  }

  /** Reads, per seat, the hold that has it live at {@code now} (0 when none); changes nothing. */
  record Holders(long now)
      implements EntryProcessor<String, BlockState, long[]>,
          com.hazelcast.core.ReadOnly,
          Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] process(Map.Entry<String, BlockState> entry) {
      BlockState state = entry.getValue();
      if (state == null) {
        return null;
      }
      long[] out = new long[state.block().size()];
      for (int i = 0; i < out.length; i++) {
        if (state.rawStates()[i] == BlockState.HELD && state.rawDeadlines()[i] > now) {
          out[i] = state.rawHolders()[i];
        }
      }
      return out;
    }

    @Override
    public EntryProcessor<String, BlockState, long[]> getBackupProcessor() {
      return null;
    }
  }
}
