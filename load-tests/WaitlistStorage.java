import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What a performance's waiting list costs PostgreSQL, for load-tests/waitlist-bench.sh: its entries,
 * the bytes of their table and indexes (and of their confirmation e-mails), then, with every entry
 * confirmed (WAITING), the time of the statements that grow with the list: an entry's rank at the
 * back of the line, the offer engine's page of waiting entries, and its check of a category further
 * down. Run with the server's jar on the class path (its PostgreSQL driver):
 * java -cp target/guichet.jar load-tests/WaitlistStorage.java JDBC_URL PERFORMANCE_ID
 */
public class WaitlistStorage {
  public static void main(String[] args) throws Exception {
    String perf = args[1];
    try (Connection c = DriverManager.getConnection(args[0], "postgres", "");
        Statement s = c.createStatement()) {
      long n = one(s, "select count(*) from waitlist_entry where performance_id = '" + perf + "'");
      long table = one(s, "select pg_relation_size('waitlist_entry')");
      long total = one(s, "select pg_total_relation_size('waitlist_entry')");
      long mails =
          one(s, "select pg_total_relation_size('mail_outbox')");
      long mailRows = one(s, "select count(*) from mail_outbox where kind = 'WAITLIST_CONFIRM'");
      System.out.printf("    %,d entries: table %.1f MB, with its indexes %.1f MB (%d bytes an entry)%n",
          n, table / 1e6, total / 1e6, n == 0 ? 0 : total / n);
      try (ResultSet r =
          s.executeQuery(
              "select indexrelid::regclass, pg_relation_size(indexrelid) from pg_index"
                  + " where indrelid = 'waitlist_entry'::regclass order by 1")) {
        while (r.next()) {
          System.out.printf("      index %s: %.1f MB%n", r.getString(1), r.getLong(2) / 1e6);
        }
      }
      System.out.printf("    the mail outbox: %,d confirmation e-mails, %.1f MB in all%n",
          mailRows, mails / 1e6);
      s.execute(
          "update waitlist_entry set status = 'WAITING' where performance_id = '" + perf
              + "' and status = 'UNCONFIRMED'");
      s.execute("vacuum analyze waitlist_entry");
      long last =
          one(s, "select max(seq) from waitlist_entry where performance_id = '" + perf + "'");
      time(s, "the rank of the last entry (a count of the waiting before it)",
          "select count(*) from waitlist_entry where performance_id = '" + perf
              + "' and status = 'WAITING' and seq < " + last);
      time(s, "the offer engine's page of 500 waiting entries",
          "select id, seq, quantity, categories, together, passes, channel_id from waitlist_entry"
              + " where performance_id = '" + perf + "' and status = 'WAITING' and seq > 0"
              + " order by seq limit 500");
      time(s, "its check that no entry further down wants a category (the worst case)",
          "select exists (select 1 from waitlist_entry where performance_id = '" + perf
              + "' and status = 'WAITING' and seq > 0 and 'Z' = any(categories))");
      s.execute(
          "update waitlist_entry set status = 'UNCONFIRMED' where performance_id = '" + perf
              + "' and status = 'WAITING'");
    }
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void time(Statement s, String what, String sql) throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      try (ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          r.getObject(1);
        }
      }
      best = Math.min(best, System.nanoTime() - t);
    }
    System.out.printf("    %s: %.1f ms (best of 5)%n", what, best / 1e6);
  }
}
