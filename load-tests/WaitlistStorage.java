import io.guichet.domain.Ids;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * What a performance's waiting list costs PostgreSQL, for load-tests/waitlist-bench.sh. First it
 * fills the list up to TARGET entries with the statement the server's sign-up writer uses
 * (guichet_waitlist_sign_up, 256 guests a call, each with its confirmation e-mail in the outbox),
 * copying the performance, point of sale, channel and wish of the entries the benchmark signed up;
 * then it reports the bytes of the entry table and its indexes and of the outbox, and, with every
 * entry confirmed (WAITING), the time of the statements that grow with the list: an entry's rank
 * (a count of the line before it, and the rank index and per-poll count that replace it)
 * at the back of the line, the offer engine's page of waiting entries, and its check of a category
 * further down. Run with the server's jar on the class path (its PostgreSQL driver and ids):
 * java -cp target/guichet.jar load-tests/WaitlistStorage.java JDBC_URL PERFORMANCE_ID TARGET
 */
public class WaitlistStorage {
  private static final int BATCH = 256;

  public static void main(String[] args) throws Exception {
    String perf = args[1];
    long target = Long.parseLong(args[2]);
    try (Connection c = DriverManager.getConnection(args[0], "postgres", "");
        Statement s = c.createStatement()) {
      long signedUp = count(s, perf);
      long filled = fill(c, s, perf, target - signedUp);
      long n = count(s, perf);
      s.execute("vacuum analyze waitlist_entry");
      s.execute("vacuum analyze mail_outbox");
      long table = one(s, "select pg_relation_size('waitlist_entry')");
      long total = one(s, "select pg_total_relation_size('waitlist_entry')");
      long mails = one(s, "select pg_total_relation_size('mail_outbox')");
      long mailRows = one(s, "select count(*) from mail_outbox where kind = 'WAITLIST_CONFIRM'");
      long allMails = one(s, "select count(*) from mail_outbox");
      System.out.printf(
          "    %,d entries (%,d signed up over HTTP, %,d more through the writer's statement)%n",
          n, signedUp, filled);
      System.out.printf(
          "    the entry table %.1f MB, with its indexes %.1f MB: %d bytes an entry%n",
          table / 1e6, total / 1e6, n == 0 ? 0 : total / n);
      try (ResultSet r =
          s.executeQuery(
              "select indexrelid::regclass, pg_relation_size(indexrelid) from pg_index"
                  + " where indrelid = 'waitlist_entry'::regclass order by 1")) {
        while (r.next()) {
          System.out.printf("      index %s: %.1f MB%n", r.getString(1), r.getLong(2) / 1e6);
        }
      }
      System.out.printf(
          "    the mail outbox: %,d rows (%,d confirmation e-mails), %.1f MB with its indexes:"
              + " %d bytes an e-mail%n",
          allMails, mailRows, mails / 1e6, allMails == 0 ? 0 : mails / allMails);
      s.execute(
          "update waitlist_entry set status = 'WAITING' where performance_id = '"
              + perf
              + "' and status = 'UNCONFIRMED'");
      s.execute("vacuum analyze waitlist_entry");
      long last = one(s, "select max(seq) from waitlist_entry where performance_id = '" + perf + "'");
      time(
          s,
          "a count of the waiting before the last entry (the rank's cost before its index)",
          "select count(*) from waitlist_entry where performance_id = '"
              + perf
              + "' and status = 'WAITING' and seq < "
              + last);
      // the rank as the server reads it (WaitlistService.rank): the line counted per bucket of
      // 1,024 sign-up numbers once per node every 5 s, and per poll an exact count from the
      // entry's bucket on
      time(
          s,
          "the rank index (the line counted per bucket; once per node every 5 s)",
          "select seq >> 10 as bucket, count(*) as n from waitlist_entry where performance_id = '"
              + perf
              + "' and status = 'WAITING' group by 1 order by 1");
      time(
          s,
          "a rank's own statement at the back of the line (per poll)",
          "select count(*) from waitlist_entry where performance_id = '"
              + perf
              + "' and status = 'WAITING' and seq >= "
              + ((last >> 10) << 10)
              + " and seq < "
              + last);
      time(
          s,
          "the offer engine's page of 500 waiting entries",
          "select id, seq, quantity, categories, together, passes, channel_id from waitlist_entry"
              + " where performance_id = '"
              + perf
              + "' and status = 'WAITING' and seq > 0"
              + " order by seq limit 500");
      time(
          s,
          "its check that no entry further down wants a category (the worst case)",
          "select exists (select 1 from waitlist_entry where performance_id = '"
              + perf
              + "' and status = 'WAITING' and seq > 0 and 'Z' = any(categories))");
      s.execute(
          "update waitlist_entry set status = 'UNCONFIRMED' where performance_id = '"
              + perf
              + "' and status = 'WAITING'");
      s.execute("vacuum analyze waitlist_entry");
    }
  }

  /** Guests signed up in group commits of BATCH, like the sign-up writer's, until n more. */
  private static long fill(Connection c, Statement s, String perf, long more) throws Exception {
    if (more <= 0) {
      return 0;
    }
    UUID pos;
    UUID channel;
    String language;
    int quantity;
    String categories;
    boolean together;
    try (ResultSet r =
        s.executeQuery(
            "select pos_id, channel_id, language, quantity, array_to_string(categories, ','),"
                + " together from waitlist_entry where performance_id = '"
                + perf
                + "' order by seq desc limit 1")) {
      r.next();
      pos = r.getObject(1, UUID.class);
      channel = r.getObject(2, UUID.class);
      language = r.getString(3);
      quantity = r.getInt(4);
      categories = r.getString(5);
      together = r.getBoolean(6);
    }
    UUID performance = UUID.fromString(perf);
    long done = 0;
    long t = System.nanoTime();
    try (PreparedStatement p =
        c.prepareStatement(
            "select count(entry_id) from guichet_waitlist_sign_up(?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)")) {
      while (done < more) {
        int n = (int) Math.min(BATCH, more - done);
        Instant at = Instant.now();
        UUID[] ids = new UUID[n];
        UUID[] perfs = new UUID[n];
        UUID[] poss = new UUID[n];
        UUID[] channels = new UUID[n];
        UUID[] customers = new UUID[n];
        String[] keys = new String[n];
        String[] emails = new String[n];
        String[] firsts = new String[n];
        String[] lasts = new String[n];
        String[] languages = new String[n];
        Integer[] quantities = new Integer[n];
        String[] cats = new String[n];
        Boolean[] togethers = new Boolean[n];
        String[] statuses = new String[n];
        for (int i = 0; i < n; i++) {
          String email = "fill-" + (done + i) + "-" + perf.substring(0, 8) + "@example.org";
          ids[i] = Ids.timeOrdered(at);
          perfs[i] = performance;
          poss[i] = pos;
          channels[i] = channel;
          keys[i] = "e:" + email;
          emails[i] = email;
          firsts[i] = "Ada";
          lasts[i] = "Lovelace";
          languages[i] = language;
          quantities[i] = quantity;
          cats[i] = categories;
          togethers[i] = together;
          statuses[i] = "UNCONFIRMED";
        }
        Object[][] columns = {
          ids, perfs, poss, channels, customers, keys, emails, firsts, lasts, languages, quantities,
          cats, togethers, statuses
        };
        String[] types = {
          "uuid", "uuid", "uuid", "uuid", "uuid", "text", "text", "text", "text", "text", "int4",
          "text", "bool", "text"
        };
        for (int k = 0; k < columns.length; k++) {
          Array a = c.createArrayOf(types[k], columns[k]);
          p.setArray(k + 1, a);
        }
        p.setTimestamp(15, Timestamp.from(at));
        try (ResultSet r = p.executeQuery()) {
          r.next();
          done += r.getLong(1);
        }
      }
    }
    System.out.printf(
        "    filled: %,d sign-ups in group commits of %d in %.0f s (%,.0f a second, one"
            + " connection, no HTTP)%n",
        done, BATCH, (System.nanoTime() - t) / 1e9, done / ((System.nanoTime() - t) / 1e9));
    return done;
  }

  private static long count(Statement s, String perf) throws Exception {
    return one(s, "select count(*) from waitlist_entry where performance_id = '" + perf + "'");
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void time(Statement s, String what, String sql) throws Exception {
    long[] runs = new long[5];
    for (int i = 0; i < runs.length; i++) {
      long t = System.nanoTime();
      try (ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          r.getObject(1);
        }
      }
      runs[i] = System.nanoTime() - t;
    }
    java.util.Arrays.sort(runs);
    System.out.printf("    %s: %.1f ms (median of 5)%n", what, runs[2] / 1e6);
  }
}
