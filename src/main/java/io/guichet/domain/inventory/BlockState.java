package io.guichet.domain.inventory;

import io.guichet.domain.catalogue.SeatState;
import java.util.Arrays;

/**
 * The sale state of one block's seats: free, held (by a hold id, until a deadline), sold or
 * blocked. A held seat whose deadline has passed counts as free everywhere it is read, so
 * correctness never waits on a timer; {@link #expire} only tidies up.
 *
 * <p>The waiting list: while a category is <em>listed</em> (its bit set in {@link #listed()}), its
 * free seats of the general pool (no quota) belong to the performance's waiting list: a buyer's
 * hold never takes them, only a hold made for the list does (see {@link SeatRequest#forList()}).
 * Seats that come back (a hold released or lapsed, an order cancelled) are therefore the list's the
 * instant they are free, with no step in between where someone else could take them. For a free
 * seat the deadline array keeps when it was freed (0: never held), which tells how long a freed
 * seat waited for its offer.
 *
 * <p>Not thread-safe: the grid changes it only inside an entry processor, which runs on the one
 * thread that owns the block's partition.
 */
public final class BlockState {
  public static final byte FREE = 0;
  public static final byte HELD = 1;
  public static final byte SOLD = 2;
  public static final byte BLOCKED = 3;

  private final SeatBlock block;
  private final byte[] state;
  private final long[] holder;
  private final long[] deadline;
  private int listed;

  /** Per row, seats neither sold nor blocked: a row with fewer than a party is skipped at once. */
  private final int[] rowOpen;

  /*
   * What the reaper asks of every block of every open performance a few times a second, kept
   * until the next change: the earliest deadline of a hold, and the summary. Both depend on the
   * time only through holds that pass their deadline, and no hold passes its deadline before the
   * earliest one, so a summary made at any time before it is the summary at any other time before
   * it. Without these, the reaper scanned every seat of every open block twice per pass (in a JFR
   * profile of the hold ladder, most of the grid's partition threads' time).
   */
  private static final long UNKNOWN = Long.MIN_VALUE;
  private long earliestDeadline = UNKNOWN;
  private int[] summary;
  private int summaryCategories;

  public BlockState(SeatBlock block) {
    this(block, new byte[block.size()], new long[block.size()], new long[block.size()]);
  }

  public BlockState(SeatBlock block, byte[] state, long[] holder, long[] deadline) {
    this(block, state, holder, deadline, 0);
  }

  /**
   * @param listed bit c set: free seats of category c in the general pool are the waiting list's
   */
  public BlockState(SeatBlock block, byte[] state, long[] holder, long[] deadline, int listed) {
    if (state.length != block.size()
        || holder.length != block.size()
        || deadline.length != block.size()) {
      throw new IllegalArgumentException("state arrays do not match the block");
    }
    this.block = block;
    this.state = state;
    this.holder = holder;
    this.deadline = deadline;
    this.listed = listed;
    this.rowOpen = new int[block.rows()];
    for (int i = 0; i < state.length; i++) {
      if (state[i] == FREE || state[i] == HELD) {
        rowOpen[block.row()[i]]++;
      }
    }
  }

  /** Seats of a row that are free or held (held ones may expire), i.e. not sold or blocked. */
  public int rowOpen(int row) {
    return rowOpen[row];
  }

  public SeatBlock block() {
    return block;
  }

  /** Raw arrays, for serialization only. */
  public byte[] rawStates() {
    return state;
  }

  public long[] rawHolders() {
    return holder;
  }

  public long[] rawDeadlines() {
    return deadline;
  }

  public BlockState copy() {
    return new BlockState(block, state.clone(), holder.clone(), deadline.clone(), listed);
  }

  /** The same seats and states on another static block (the same seats, other quotas). */
  public BlockState withBlock(SeatBlock other) {
    if (!other.equals(block)) {
      throw new IllegalArgumentException("not the same seats");
    }
    return new BlockState(other, state, holder, deadline, listed);
  }

  /** The listed categories: bit c set when free general-pool seats of c are the list's. */
  public int listed() {
    return listed;
  }

  /** Lists exactly these categories; true when that changed anything. */
  public boolean setListed(int mask) {
    if (mask == listed) {
      return false;
    }
    changed();
    listed = mask;
    return true;
  }

  /** Whether seat i, when free, is the waiting list's (its category is listed, it has no quota). */
  public boolean listedSeat(int i) {
    return listed != 0 && block.quota()[i] < 0 && ((listed >>> block.category()[i]) & 1) == 1;
  }

  /** Whether seat i is free at {@code now} and open to buyers (not the waiting list's). */
  public boolean onSale(int i, long now) {
    return free(i, now) && !listedSeat(i);
  }

  /** Whether seat i is free at {@code now} and the waiting list's. */
  public boolean forList(int i, long now) {
    return free(i, now) && listedSeat(i);
  }

  /** When free seat i was freed (its hold released or lapsed, its order cancelled), or 0. */
  public long freedAt(int i, long now) {
    return state[i] == HELD && deadline[i] <= now
        ? deadline[i]
        : state[i] == FREE ? deadline[i] : 0;
  }

  /** Whether seat i is free at {@code now} (a hold past its deadline is free). */
  public boolean free(int i, long now) {
    return state[i] == FREE || (state[i] == HELD && deadline[i] <= now);
  }

  /** Effective state of every seat at {@code now}: {@link SeatState} ordinals. */
  public byte[] effectiveStates(long now) {
    byte[] out = new byte[state.length];
    for (int i = 0; i < state.length; i++) {
      SeatState seat = effective(i, now);
      // a seat the waiting list keeps is not on sale: buyers see it taken, like a held one
      out[i] = (byte) (seat == SeatState.FREE && listedSeat(i) ? SeatState.HELD : seat).ordinal();
    }
    return out;
  }

  public SeatState effective(int i, long now) {
    return switch (state[i]) {
      case HELD -> deadline[i] <= now ? SeatState.FREE : SeatState.HELD;
      case SOLD -> SeatState.SOLD;
      case BLOCKED -> SeatState.BLOCKED;
      default -> SeatState.FREE;
    };
  }

  /** Whether seat i is held, live at {@code now}, by this hold. */
  public boolean heldBy(int i, long holdId, long now) {
    return state[i] == HELD && holder[i] == holdId && deadline[i] > now;
  }

  public void block(int i) {
    changed();
    close(i);
    state[i] = BLOCKED;
    holder[i] = 0;
    deadline[i] = 0;
  }

  public void sell(int i) {
    changed();
    close(i);
    state[i] = SOLD;
    holder[i] = 0;
    deadline[i] = 0;
  }

  /** Puts a sold seat back on sale (its order was cancelled); other states are left alone. */
  public boolean reopen(int i) {
    return reopen(i, 0);
  }

  /** As {@link #reopen(int)}, noting the seat freed at {@code now}. */
  public boolean reopen(int i, long now) {
    if (state[i] != SOLD) {
      return false;
    }
    changed();
    state[i] = FREE;
    holder[i] = 0;
    deadline[i] = now;
    rowOpen[block.row()[i]]++;
    return true;
  }

  /** Puts a blocked seat on sale (sent to the waiting list), noting it freed at {@code now}. */
  public boolean unblock(int i, long now) {
    if (state[i] != BLOCKED) {
      return false;
    }
    changed();
    state[i] = FREE;
    holder[i] = 0;
    deadline[i] = now;
    rowOpen[block.row()[i]]++;
    return true;
  }

  /** Whether every listed seat is held, live at {@code now}, by this hold. */
  public boolean allHeldBy(int[] seats, long holdId, long now) {
    for (int i : seats) {
      if (!heldBy(i, holdId, now)) {
        return false;
      }
    }
    return true;
  }

  /** Moves the deadline of the listed seats of a live hold. */
  public void extend(int[] seats, long holdId, long until, long now) {
    changed();
    for (int i : seats) {
      if (heldBy(i, holdId, now)) {
        deadline[i] = until;
      }
    }
  }

  private void close(int i) {
    if (state[i] == FREE || state[i] == HELD) {
      rowOpen[block.row()[i]]--;
    }
  }

  /** Holds the given seats; the caller has checked that they are free. */
  public void hold(int[] seats, long holdId, long until) {
    changed();
    for (int i : seats) {
      state[i] = HELD;
      holder[i] = holdId;
      deadline[i] = until;
    }
  }

  /** Frees every seat of this hold; returns how many. */
  public int release(long holdId) {
    return release(holdId, null, 0);
  }

  /** Frees the given seats if this hold has them; returns how many. */
  public int release(long holdId, int[] seats) {
    return release(holdId, seats, 0);
  }

  /**
   * Frees the given seats (null: all of them) if this hold has them, noting them freed at {@code
   * now} (a hold past its deadline was freed at its deadline); returns how many.
   */
  public int release(long holdId, int[] seats, long now) {
    int freed = 0;
    if (seats == null) {
      for (int i = 0; i < state.length; i++) {
        if (state[i] == HELD && holder[i] == holdId) {
          makeFree(i, Math.min(now, deadline[i]));
          freed++;
        }
      }
      return freed;
    }
    for (int i : seats) {
      if (state[i] == HELD && holder[i] == holdId) {
        makeFree(i, Math.min(now, deadline[i]));
        freed++;
      }
    }
    return freed;
  }

  /** Frees every hold whose deadline has passed; returns how many seats. */
  public int expire(long now) {
    int freed = 0;
    for (int i = 0; i < state.length; i++) {
      if (state[i] == HELD && deadline[i] <= now) {
        makeFree(i, deadline[i]);
        freed++;
      }
    }
    return freed;
  }

  /** Moves a live hold's deadline (all its seats). */
  public void extend(long holdId, long until, long now) {
    changed();
    for (int i = 0; i < state.length; i++) {
      if (heldBy(i, holdId, now)) {
        deadline[i] = until;
      }
    }
  }

  private void makeFree(int i, long freedAt) {
    changed();
    state[i] = FREE;
    holder[i] = 0;
    deadline[i] = Math.max(0, freedAt);
  }

  /** The seats this hold has, live at {@code now}, in block order. */
  public int[] seatsOf(long holdId, long now) {
    int count = 0;
    for (int i = 0; i < state.length; i++) {
      if (heldBy(i, holdId, now)) {
        count++;
      }
    }
    int[] seats = new int[count];
    for (int i = 0, k = 0; i < state.length; i++) {
      if (heldBy(i, holdId, now)) {
        seats[k++] = i;
      }
    }
    return seats;
  }

  /** The earliest deadline of a held seat, or {@link Long#MAX_VALUE} when nothing is held. */
  public long nextDeadline() {
    if (earliestDeadline == UNKNOWN) {
      long next = Long.MAX_VALUE;
      for (int i = 0; i < state.length; i++) {
        if (state[i] == HELD && deadline[i] < next) {
          next = deadline[i];
        }
      }
      earliestDeadline = next;
    }
    return earliestDeadline;
  }

  /** Forgets what was kept about the seats: called by every change. */
  private void changed() {
    earliestDeadline = UNKNOWN;
    summary = null;
  }

  /**
   * Per category c: free seats at {@code 3c}, the best (lowest) free rank at {@code 3c + 1} ({@link
   * Integer#MAX_VALUE} if none) and the longest run of free seats side by side at {@code 3c + 2}.
   * One pass; what the grid's callers use to order and skip blocks. Seats the waiting list keeps
   * are not on sale and not counted (see {@link #listSummary}).
   */
  public int[] summary(int categories, long now) {
    if (summary != null && summaryCategories == categories && now < nextDeadline()) {
      return summary.clone();
    }
    int[] out = scanSummary(categories, now);
    if (now < nextDeadline()) {
      summary = out.clone();
      summaryCategories = categories;
    }
    return out;
  }

  /**
   * As {@link #summary}, but of the seats the waiting list keeps (free, listed, general pool): what
   * offers can be made of in this block.
   */
  public int[] listSummary(int categories, long now) {
    return scan(categories, now, true);
  }

  private int[] scanSummary(int categories, long now) {
    return scan(categories, now, false);
  }

  private int[] scan(int categories, long now, boolean list) {
    int[] out = new int[categories * 3];
    for (int c = 0; c < categories; c++) {
      out[3 * c + 1] = Integer.MAX_VALUE;
    }
    byte[] category = block.category();
    int[] rank = block.rank();
    int run = 0;
    int runCategory = -1;
    for (int i = 0; i < state.length; i++) {
      if (list ? forList(i, now) : onSale(i, now)) {
        int c = category[i];
        out[3 * c]++;
        out[3 * c + 1] = Math.min(out[3 * c + 1], rank[i]);
        run = (run > 0 && runCategory == c && i > 0 && block.adjacent(i - 1)) ? run + 1 : 1;
        runCategory = c;
        out[3 * c + 2] = Math.max(out[3 * c + 2], run);
      } else {
        run = 0;
      }
    }
    return out;
  }

  /** Counts of FREE, HELD, SOLD, BLOCKED seats at {@code now}. */
  public int[] counts(long now) {
    int[] counts = new int[4];
    for (int i = 0; i < state.length; i++) {
      counts[effective(i, now).ordinal()]++;
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockState other
        && block.equals(other.block)
        && listed == other.listed
        && Arrays.equals(state, other.state)
        && Arrays.equals(holder, other.holder)
        && Arrays.equals(deadline, other.deadline);
  }

  @Override
  public int hashCode() {
    return block.hashCode() * 31 + Arrays.hashCode(state);
  }
}
