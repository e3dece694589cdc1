package io.guichet.domain;

import java.util.List;

/** A business rule refused something. Carries its kind and, where useful, the violations. */
public final class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;
  private final transient List<Violation> violations;

  public DomainException(Failure failure, String detail) {
    this(failure, detail, List.of());
  }

  public DomainException(Failure failure, String detail, List<Violation> violations) {
    super(detail, null, false, false);
    this.failure = failure;
    this.violations = List.copyOf(violations);
  }

  public Failure failure() {
    return failure;
  }

  public List<Violation> violations() {
    return violations;
  }

  public static DomainException notFound(String what, Object id) {
    return new DomainException(Failure.NOT_FOUND, what + " " + id + " does not exist");
  }

  public static DomainException invalid(String detail) {
    return new DomainException(Failure.INVALID_REQUEST, detail);
  }
}
