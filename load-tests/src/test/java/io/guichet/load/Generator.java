package io.guichet.load;

import io.gatling.app.Gatling$;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The load generator of a whole run: one JVM that runs Gatling step after step, so every step
 * meets a warm generator. Started once by run.sh, it reads one step per line on its standard input
 *
 * <pre>SIMULATION RESULTS_FOLDER LOG NAME key=value...</pre>
 *
 * sets the {@code key=value} pairs as system properties (the simulations read them per instance),
 * runs the simulation with its output in {@code LOG}, and answers {@code done CODE} on its standard
 * output (0: the run went through). It ends at the end of its input.
 *
 * <p>Why: a fresh Gatling JVM per step spends its first seconds loading classes and compiling
 * (1.3–1.7 cores of a 2-core machine for ~8 s, measured with the step's CPU sampled every second),
 * exactly while the step's arrivals start; the first seconds' answers then measure the generator's
 * warm-up, not the server (2026-11-23: an 800 holds/s step had p99 1.9 s over its first 11 s and
 * 2–9 ms after). A load generator in the field is warm; so is this one after the run's warm-up step.
 */
public final class Generator {
  private Generator() {}

  public static void main(String[] args) throws IOException {
    PrintStream answers = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true);
    BufferedReader steps =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = steps.readLine(); line != null; line = steps.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String[] words = line.trim().split("\\s+");
      if (words.length < 4) {
        answers.println("done 2");
        continue;
      }
      answers.println("done " + run(words));
    }
  }

  private static int run(String[] words) throws IOException {
    for (int i = 4; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        System.setProperty(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (PrintStream log = new PrintStream(new FileOutputStream(words[2]), true, "UTF-8")) {
      System.setOut(log);
      System.setErr(log);
      try {
        return Gatling$.MODULE$.fromArgs(
            new String[] {
              "--simulation", words[0],
              "--results-folder", words[1],
              "--launcher", "maven",
              "--run-description", words[3]
            });
      } catch (Throwable e) { // a step that cannot run (its setup failed...) fails the step, not us
        e.printStackTrace(log);
        return 1;
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }
}
