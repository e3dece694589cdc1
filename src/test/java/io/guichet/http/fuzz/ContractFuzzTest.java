package io.guichet.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.http.ContractDocument;
import io.guichet.http.fuzz.BadRequests.Probe;
import io.guichet.http.fuzz.ContractOps.Op;
import io.guichet.http.fuzz.RawHttp.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the contract (public and admin, with and without credentials) and sends
 * each many generated bad requests over raw HTTP/1.1 keep-alive connections: broken escapes, U+0000
 * and unicode, wrong types, missing and extra members, huge and negative numbers, deep nesting,
 * truncated and non-JSON bodies, other media types and encodings, very long targets, duplicate
 * parameters, forged credentials. Every answer must be a 4xx problem of a documented type within a
 * second, every connection must answer its next request or be closed, nothing may change, and
 * nothing may be logged as an ERROR.
 *
 * <p>Seeded and reproducible: the seed is printed (and in every failure); replay a run with {@code
 * -Dfuzz.seed=...}. {@code -Dfuzz.requests=...} sets how many (default {@value #DEFAULT_REQUESTS}).
 */
class ContractFuzzTest extends ServerTest {
  static final int DEFAULT_REQUESTS = 10_800;
  private static final int CONNECTIONS = 4;
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  /** The rules every answer keeps, the contract's among them. */
  static final List<AnswerCheck> CHECKS =
      List.of(
          AnswerCheck.noServerError(),
          AnswerCheck.refused(),
          AnswerCheck.problemJson(),
          AnswerCheck.contract(),
          AnswerCheck.within(DEADLINE));

  @Test
  void bad_requests_to_every_operation_get_a_documented_4xx_in_time_and_change_nothing()
      throws Exception {
    long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
    int total = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
    System.out.println("ContractFuzzTest seed " + seed + " (replay: -Dfuzz.seed=" + seed + ")");

    ContractOps contract = new ContractOps(ContractDocument.load().document());
    World world = new World();
    BadRequests bad = new BadRequests(world, new Schemas(contract, world::id), contract);
    List<Probe> probes = generate(contract, bad, seed, total);
    Map<String, String> before = StateSnapshot.read(world);

    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var errorLog = new ErrorLog(errors);
    errorLog.start();
    root.addAppender(errorLog);
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < CONNECTIONS; w++) {
        int first = w;
        workers.add(pool.submit(() -> run(probes, first, failures)));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
      root.detachAppender(errorLog);
    }

    System.out.println("ContractFuzzTest answers by status: " + STATUSES);
    Map<String, String> after = StateSnapshot.read(world);
    Map<String, String> changed = new TreeMap<>();
    before.forEach(
        (k, v) -> {
          if (!v.equals(after.get(k))) {
            changed.put(k, v + "  ->  " + after.get(k));
          }
        });
    String context = "seed " + seed + ", " + probes.size() + " requests";
    assertThat(changed).as("%s: state changed by bad requests", context).isEmpty();
    assertThat(failures)
        .as(
            "%s; %d failures, by kind:%n%s%nthe first ones:%n%s",
            context, failures.size(), kinds(failures), first(failures, 40))
        .isEmpty();
    assertThat(errors)
        .as("%s: ERROR lines logged while bad requests were answered", context)
        .isEmpty();
  }

  /** Keeps the ERROR lines logged during the run: a bad request is no fault of the server's. */
  private static final class ErrorLog
      extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> {
    private final List<String> errors;

    ErrorLog(List<String> errors) {
      this.errors = errors;
    }

    @Override
    protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
      if (event.getLevel() == ch.qos.logback.classic.Level.ERROR) {
        errors.add(event.getLoggerName() + ": " + event.getFormattedMessage());
      }
    }
  }

  /** The same number of requests for every operation, in a seeded random order. */
  private static List<Probe> generate(ContractOps contract, BadRequests bad, long seed, int total) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Op> ops = contract.ops();
    int each = (total + ops.size() - 1) / ops.size();
    List<Op> order = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      order.addAll(ops);
    }
    Collections.shuffle(order, new java.util.Random(seed));
    List<Probe> probes = new ArrayList<>();
    for (Op op : order) {
      probes.add(bad.next(op, random, probes.size()));
    }
    return probes;
  }

  /**
   * Sends every {@value #CONNECTIONS}th probe from {@code first} on keep-alive connections: after
   * an answer that says {@code Connection: close} the server must close, otherwise the connection
   * must answer the next request; a connection the server closed without saying so is accepted (the
   * next request goes on a new one), one that answers nothing is a failure.
   */
  /** Answers by status, printed at the end of a run. */
  private static final Map<Integer, java.util.concurrent.atomic.LongAdder> STATUSES =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  private static void run(List<Probe> probes, int first, List<String> failures) {
    RawHttp connection = null;
    int timeout = (int) DEADLINE.toMillis();
    try {
      for (int i = first; i < probes.size(); i += CONNECTIONS) {
        Probe probe = probes.get(i);
        if (connection == null) {
          connection = new RawHttp(TestServer.port(), timeout);
        }
        Answer answer;
        try {
          answer = connection.exchange(probe.bytes());
        } catch (RawHttp.Closed e) {
          // closed by the server after the previous answer: the request goes on a new connection
          connection.close();
          connection = new RawHttp(TestServer.port(), timeout);
          try {
            answer = connection.exchange(probe.bytes());
          } catch (IOException again) {
            failures.add(probe.label() + ": no answer on a fresh connection: " + again);
            connection.close();
            connection = null;
            continue;
          }
        } catch (IOException e) {
          failures.add(probe.label() + ": " + e);
          connection.close();
          connection = null;
          continue;
        }
        STATUSES
            .computeIfAbsent(answer.status(), k -> new java.util.concurrent.atomic.LongAdder())
            .increment();
        for (AnswerCheck check : CHECKS) {
          String violation = check.violation(probe, answer);
          if (violation != null) {
            failures.add(probe.label() + ": " + violation);
          }
        }
        if (answer.closes()) {
          if (!connection.closedByServer()) {
            failures.add(probe.label() + ": said Connection: close but kept the connection open");
          }
          connection.close();
          connection = null;
        }
      }
      if (connection != null) {
        Answer last =
            connection.exchange(
                "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        if (last.status() != 200) {
          failures.add("connection " + first + ": the last request got " + last.status());
        }
      }
    } catch (IOException e) {
      failures.add("connection " + first + ": " + e);
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** How many failures of each kind: the operation and what is wrong, without ids and values. */
  private static String kinds(List<String> failures) {
    Map<String, Integer> kinds = new TreeMap<>();
    synchronized (failures) {
      for (String f : failures) {
        String what = f.substring(f.indexOf(']') + 1);
        what = what.replaceAll("^\\s*\\S+: ", "").replaceAll("\\n.*", "");
        what = what.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID");
        String op = f.replaceAll("^#\\d+ (\\S+).*", "$1");
        kinds.merge(op + ": " + BadRequests.abbreviate(what, 160), 1, Integer::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    kinds.forEach((k, n) -> out.append("  ").append(n).append(" × ").append(k).append('\n'));
    return out.toString();
  }

  private static String first(List<String> failures, int n) {
    StringBuilder out = new StringBuilder();
    synchronized (failures) {
      failures.stream().limit(n).forEach(f -> out.append("  ").append(f).append('\n'));
    }
    return out.toString();
  }
}
