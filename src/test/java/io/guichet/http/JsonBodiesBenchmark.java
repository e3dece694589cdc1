package io.guichet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the strict checks of input cost on the hot path: a hold's body and a checkout's decoded by
 * {@link JsonBodies} against Vert.x's own decoder (the baseline, same run), and the check of a
 * hold's request target by {@link TextInput}. Sample time, so JMH reports the median per call.
 *
 * <pre>mvn -B -q test-compile exec:exec -Pbench -Dbench.args="JsonBodiesBenchmark"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBodiesBenchmark {
  private static final String HOLD =
      "{\"performanceId\":\"01a23c45-bf5c-7258-9ea6-95e3aebe2880\",\"quantities\":[{\"category\":"
          + "\"CAT1\",\"tariffId\":\"3d72f0a4-1c2b-4e5f-8a9b-0c1d2e3f4a5b\",\"quantity\":2}]}";
  private static final String CHECKOUT =
      "{\"deliveryMode\":\"E_TICKET\",\"buyer\":{\"email\":\"ada@example.org\",\"firstName\":"
          + "\"Ada\",\"lastName\":\"Lovelace\"},\"expectedTotal\":9200,\"language\":\"fr\","
          + "\"beneficiaries\":[{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"},"
          + "{\"firstName\":\"Ren\u00e9\",\"lastName\":\"Descartes\"}]}";
  private static final String TARGET =
      "/api/v1/carts/01a23c45-bf5c-7258-9ea6-95e3aebe2880/items?pos=web";

  @Param({"hold", "checkout"})
  public String body;

  private Buffer buffer;

  @Setup
  public void setUp() {
    buffer =
        Buffer.buffer((body.equals("hold") ? HOLD : CHECKOUT).getBytes(StandardCharsets.UTF_8));
  }

  @Benchmark
  public Object vertxDecoder() {
    return Json.decodeValue(buffer);
  }

  @Benchmark
  public Object strictDecoder() {
    return JsonBodies.decode(buffer);
  }

  @Benchmark
  public Object targetCheck() {
    return TextInput.undecodableUri(TARGET);
  }
}
