package io.guichet.domain;

/**
 * One broken rule in a submitted document.
 *
 * @param pointer a JSON pointer (RFC 6901) to the offending value, e.g. {@code /seats/12/section}
 * @param message what is wrong, for a person
 */
public record Violation(String pointer, String message) {}
