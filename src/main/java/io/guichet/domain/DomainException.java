package io.guichet.domain;

import java.util.List;

/** A business rule refused something. Carries its kind and, where useful, the violations. */
public final class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;
  private final transient List<Violation> violations;
  private final transient java.util.Map<String, Object> extensions;

  public DomainException(Failure failure, String detail) {
    this(failure, detail, List.of());
  }

  public DomainException(Failure failure, String detail, List<Violation> violations) {
    this(failure, detail, violations, java.util.Map.of());
  }

  /**
   * With extension members for the problem document (RFC 9457 section 3.2), e.g. the seat that
   * would be stranded, or the alternatives to a refused request. Values are plain JSON values.
   */
  public DomainException(
      Failure failure,
      String detail,
      List<Violation> violations,
      java.util.Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.failure = failure;
    this.violations = List.copyOf(violations);
    this.extensions = java.util.Map.copyOf(extensions);
  }

  public static DomainException of(
      Failure failure, String detail, java.util.Map<String, Object> extensions) {
    return new DomainException(failure, detail, List.of(), extensions);
  }

  public java.util.Map<String, Object> extensions() {
    return extensions;
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
