package io.guichet.http.fuzz;

import io.guichet.ContractAnswers;
import io.guichet.http.ProblemType;
import io.guichet.http.fuzz.BadRequests.Probe;
import io.guichet.http.fuzz.RawHttp.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule every answer to a bad request must keep. The fuzz test runs each of its list on every
 * answer.
 */
@FunctionalInterface
interface AnswerCheck {
  /** What is wrong with the answer, or null. */
  String violation(Probe probe, Answer answer);

  /** No 5xx: a bad request is the client's fault, never the server's. */
  static AnswerCheck noServerError() {
    return (p, a) -> a.status() >= 500 ? "answered " + a.status() + ": " + a.text() : null;
  }

  /** A bad request is refused (4xx): anything else may have done something. */
  static AnswerCheck refused() {
    return (p, a) ->
        a.status() < 400 || a.status() >= 500
            ? "a bad request was not refused: " + a.status() + " " + abbreviated(a)
            : null;
  }

  /** Every 4xx is problem+json, of a type ProblemType lists, with its own status. */
  static AnswerCheck problemJson() {
    Set<String> types =
        Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
    return (p, a) -> {
      if (a.status() < 400 || a.status() >= 500) {
        return null;
      }
      if (!"application/problem+json".equals(a.header("content-type"))) {
        return a.status()
            + " is "
            + a.header("content-type")
            + ", not problem+json: "
            + abbreviated(a);
      }
      JsonObject problem;
      try {
        problem = new JsonObject(a.text());
      } catch (RuntimeException e) {
        return "the problem is not a JSON object: " + abbreviated(a);
      }
      if (!types.contains(problem.getString("type"))) {
        return "undocumented problem type " + problem.getString("type");
      }
      if (!Integer.valueOf(a.status()).equals(problem.getInteger("status"))) {
        return "the problem's status " + problem.getValue("status") + " is not " + a.status();
      }
      return null;
    };
  }

  /**
   * The answer is one the contract declares for the operation: its status, headers, media type,
   * body schema and problem type (see {@link ContractAnswers}).
   */
  static AnswerCheck contract() {
    return (p, a) ->
        ContractAnswers.get().violation(p.method(), p.target(), a.status(), a::header, a.body());
  }

  /** An answer within the deadline (a hang detector, not a measure of speed). */
  static AnswerCheck within(Duration deadline) {
    return (p, a) ->
        a.nanos() > deadline.toNanos()
            ? "answered after "
                + a.nanos() / 1_000_000
                + " ms (deadline "
                + deadline.toMillis()
                + " ms)"
            : null;
  }

  private static String abbreviated(Answer a) {
    return BadRequests.abbreviate(a.text().replace('\n', ' '), 300);
  }
}
