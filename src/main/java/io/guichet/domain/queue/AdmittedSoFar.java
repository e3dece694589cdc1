package io.guichet.domain.queue;

/**
 * What PostgreSQL keeps of an on-sale's admissions, from which a queue that Redis lost is set up
 * again: the highest place admitted and how many were admitted.
 *
 * @param head the highest place admitted, -1 when nobody was admitted yet
 * @param count the visitors admitted in all
 */
public record AdmittedSoFar(long head, long count) {
  public static final AdmittedSoFar NONE = new AdmittedSoFar(-1, 0);
}
