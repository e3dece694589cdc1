package io.guichet.domain.waitlist;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One pass of the offer engine over a performance's waiting entries, in sign-up order, and the
 * fairness rule between entries that can be seated now and those that cannot (a group that needs
 * seats side by side, most often).
 *
 * <p>The rule. Entries are offered seats in sign-up order. An entry whose wish the list cannot meet
 * now is passed over, and the entries behind it that can be seated get their offers; each offer
 * made behind it counts one <em>pass</em>. At {@code maxPasses} (K) passes it gets priority: for at
 * most {@code patience} (W), nobody behind it gets an offer, so the seats that come back accumulate
 * for it, and it is offered them as soon as they seat it. When W ends without that, its priority
 * ends, its passes start again from zero, it keeps its place, and the next priority (its own or
 * another entry's) can begin only after K more offers. So:
 *
 * <ul>
 *   <li>an entry that cannot be seated is passed over at most K times in a row before seats
 *       accumulate for it, for W at a time;
 *   <li>an entry that can be seated is held back by one at most W at a time, and between two such
 *       holds at least K offers go to the entries behind the one that held it.
 * </ul>
 *
 * <p>Pure: the engine asks {@link #next} for each entry, tries to seat those it is told to try, and
 * reports {@link #seated} or {@link #notSeated}; what changed is read at the end.
 */
public final class OfferRound {
  /** The rule's two bounds: K passes, then W of priority at most. */
  public record Rules(int maxPasses, Duration patience) {
    public Rules {
      if (maxPasses < 0 || patience.isNegative()) {
        throw new IllegalArgumentException("the bounds of the fairness rule must be positive");
      }
    }
  }

  /**
   * The list's priority between rounds: the entry seats accumulate for ({@code null}: none) and
   * until when, and the offers made since the last priority ended.
   */
  public record Priority(UUID entry, Instant until, int offersSince) {
    /** No priority, and none for long: the next one may begin at once. */
    public static final Priority NONE = new Priority(null, null, 1_000_000);

    public boolean active(Instant now) {
      return entry != null && until != null && now.isBefore(until);
    }
  }

  /** An entry as the round sees it: its id, its place, and its passes so far. */
  public record Candidate(UUID id, long seq, int passes) {}

  /** What to do with an entry. */
  public enum Decision {
    /** Try to seat it now. */
    TRY,
    /** It is behind the entry that has priority: no offer behind that one; the round ends. */
    STOP
  }

  private final Rules rules;
  private final Instant now;
  private final Map<UUID, Integer> passes = new LinkedHashMap<>();
  private final Map<UUID, Integer> changed = new HashMap<>();
  private final List<Candidate> passedOver = new ArrayList<>();
  private UUID priority;
  private long prioritySeq;
  private Instant priorityUntil;
  private int offersSince;
  private int offers;

  /**
   * A round over the waiting entries {@code waiting} (in sign-up order, those the round will see).
   * A priority whose W has passed ends here; one whose entry is no longer waiting is dropped.
   */
  public OfferRound(Rules rules, Priority before, Instant now, List<Candidate> waiting) {
    this.rules = rules;
    this.now = now;
    this.offersSince = before.offersSince();
    waiting.forEach(c -> passes.put(c.id(), c.passes()));
    if (before.entry() != null) {
      Candidate holder =
          waiting.stream().filter(c -> c.id().equals(before.entry())).findFirst().orElse(null);
      if (holder != null && before.active(now)) {
        priority = holder.id();
        prioritySeq = holder.seq();
        priorityUntil = before.until();
      } else if (holder != null) {
        // W has passed: the priority ends, the entry keeps its place and counts from zero again
        setPasses(holder.id(), 0);
        offersSince = 0;
      }
    }
  }

  /** More waiting entries the round will see (a further page), with their passes so far. */
  public void see(List<Candidate> more) {
    more.forEach(c -> passes.putIfAbsent(c.id(), c.passes()));
  }

  /** Whether to try to seat this entry now (entries come in sign-up order). */
  public Decision next(Candidate entry) {
    if (priority != null && entry.seq() > prioritySeq) {
      return Decision.STOP;
    }
    return Decision.TRY;
  }

  /** The entry could not be seated by the seats on the list now. */
  public void notSeated(Candidate entry) {
    passedOver.add(entry);
    maybePrioritize();
  }

  /** The entry got an offer. Every entry passed over before it in this round counts one pass. */
  public void seated(Candidate entry) {
    offers++;
    if (entry.id().equals(priority)) {
      priority = null;
      priorityUntil = null;
      offersSince = 0;
    } else if (offersSince < Integer.MAX_VALUE) {
      offersSince++;
    }
    setPasses(entry.id(), 0);
    for (Candidate passed : passedOver) {
      setPasses(passed.id(), passes.getOrDefault(passed.id(), 0) + 1);
    }
    maybePrioritize();
  }

  /** Gives priority to the first entry passed over K times, if none has it and K offers went by. */
  private void maybePrioritize() {
    if (priority != null || offersSince < rules.maxPasses()) {
      return;
    }
    for (Candidate passed : passedOver) {
      if (passes.getOrDefault(passed.id(), 0) >= rules.maxPasses()) {
        priority = passed.id();
        prioritySeq = passed.seq();
        priorityUntil = now.plus(rules.patience());
        return;
      }
    }
  }

  private void setPasses(UUID id, int value) {
    passes.put(id, value);
    changed.put(id, value);
  }

  /** Offers made in this round. */
  public int offers() {
    return offers;
  }

  /** The priority after the round. */
  public Priority priority() {
    return new Priority(priority, priorityUntil, offersSince);
  }

  /** Entries whose pass count changed in this round, with their new count. */
  public Map<UUID, Integer> passes() {
    return Map.copyOf(changed);
  }
}
