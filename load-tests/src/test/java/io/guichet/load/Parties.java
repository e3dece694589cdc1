package io.guichet.load;

import io.gatling.javaapi.core.Session;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parties of the load tests: 1–8 places, mostly 2 and 4, mostly in the best categories (40 %
 * CAT1, 30 % CAT2, 20 % CAT3, 10 % standing PIT).
 */
final class Parties {
  private static final int[] SIZES = {1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5, 6, 8};
  private static final String[] CATEGORIES = {
    "CAT1", "CAT1", "CAT1", "CAT1", "CAT2", "CAT2", "CAT2", "CAT3", "CAT3", "PIT"
  };

  private Parties() {}

  /** The session with a party: {@code category}, its {@code tariff} and a {@code quantity}. */
  static Session pick(Session s, Map<String, String> tariffs) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
    return s.set("category", category)
        .set("tariff", tariffs.get(category))
        .set("quantity", SIZES[r.nextInt(SIZES.length)]);
  }

  /** The body of a best-available hold of the session's party on a performance. */
  static String holdBody(String performanceId) {
    return "{\"performanceId\":\""
        + performanceId
        + "\",\"quantities\":[{\"category\":\"#{category}\",\"tariffId\":\"#{tariff}\","
        + "\"quantity\":#{quantity}}]}";
  }
}
