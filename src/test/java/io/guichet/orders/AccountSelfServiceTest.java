package io.guichet.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestMail;
import io.guichet.TestServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buyers' self-service: password reset by e-mail, password change, names, delivery modes. */
class AccountSelfServiceTest extends ServerTest {
  private static final String PASSWORD = "a long enough password";
  private static final String NEW_PASSWORD = "a brand new password";
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  @org.junit.jupiter.api.AfterEach
  void clockBack() {
    TestServer.CLOCK.reset();
  }

  private static String email() {
    return "self-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static void signUp(String pos, String email) {
    Reply reply =
        send(
            client.post("/api/v1/accounts?pos=" + pos),
            new JsonObject()
                .put("email", email)
                .put("password", PASSWORD)
                .put("firstName", "Ada")
                .put("lastName", "Lovelace"));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
  }

  private static Reply login(String pos, String email, String password) {
    return send(
        client.post("/api/v1/sessions?pos=" + pos),
        new JsonObject().put("email", email).put("password", password));
  }

  private static String token(String pos, String email, String password) {
    Reply reply = login(pos, email, password);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.json().getString("token");
  }

  private static Reply requestReset(String pos, String email) {
    return send(
        client.post("/api/v1/password-resets?pos=" + pos), new JsonObject().put("email", email));
  }

  private static Reply redeem(String pos, String token, String password) {
    return send(
        client.post("/api/v1/password-resets/redeem?pos=" + pos),
        new JsonObject().put("token", token).put("password", password));
  }

  /** The token of the n-th reset e-mail to this address, once it has come. */
  private static String resetToken(String email, int n) throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> TestMail.to(email).size() >= n);
    MimeMessage mail = TestMail.to(email).get(n - 1);
    String text = String.valueOf(mail.getContent());
    assertThat(mail.getSubject()).contains("New password");
    Matcher m =
        Pattern.compile("/reset-password\\?pos=[^&\\s]+&token=([A-Za-z0-9_%.-]+)").matcher(text);
    assertThat(m.find()).as("a reset link in %s", text).isTrue();
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  @Test
  void a_reset_link_e_mailed_to_the_buyer_sets_a_new_password_once() throws Exception {
    String email = email();
    signUp(f.posCode, email);
    String session = token(f.posCode, email, PASSWORD);

    Reply asked = requestReset(f.posCode, email.toUpperCase(java.util.Locale.ROOT));
    assertThat(asked.status()).as("%s", asked.body()).isEqualTo(202);
    String token = resetToken(email, 1);
    assertThat(
            AccountApiTest.TestServerRows.string(
                "select r.token_hash from password_reset r join customer c on c.id = r.customer_id"
                    + " where c.email = $1",
                email))
        .as("only a hash of the token is stored")
        .doesNotContain(token)
        .hasSize(64);

    redeem(f.posCode, token, "short").problem(400, "bad-request");
    redeem(f.posCode, token + "x", NEW_PASSWORD).problem(404, "not-found");
    redeem(f.posCode, UUID.randomUUID() + ".forged", NEW_PASSWORD).problem(404, "not-found");
    Reply done = redeem(f.posCode, token, NEW_PASSWORD);
    assertThat(done.status()).as("%s", done.body()).isEqualTo(204);

    login(f.posCode, email, PASSWORD).problem(401, "invalid-credentials");
    assertThat(login(f.posCode, email, NEW_PASSWORD).status()).isEqualTo(201);
    redeem(f.posCode, token, "yet another password").problem(404, "not-found");
    assertThat(login(f.posCode, email, NEW_PASSWORD).status()).isEqualTo(201);
    // a reset ends every session the account had
    send(
            client
                .get("/api/v1/account?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + session),
            null)
        .problem(401, "login-required");
  }

  @Test
  void a_reset_request_answers_the_same_for_an_address_without_an_account_and_sends_nothing()
      throws Exception {
    String unknown = email();
    String known = email();
    signUp(f.posCode, known);
    Reply forUnknown = requestReset(f.posCode, unknown);
    Reply forKnown = requestReset(f.posCode, known);
    assertThat(forUnknown.status()).isEqualTo(202).isEqualTo(forKnown.status());
    assertThat(forUnknown.body()).isEqualTo(forKnown.body());
    assertThat(forKnown.json().getLong("linkValidMinutes")).isEqualTo(60);
    resetToken(known, 1);
    assertThat(TestMail.to(unknown)).isEmpty();

    requestReset(f.posCode, "not an address").problem(400, "bad-request");
    send(client.post("/api/v1/password-resets?pos=" + f.posCode), new JsonObject())
        .problem(400, "bad-request");
    requestReset("no-such-pos", known).problem(400, "unknown-point-of-sale");
  }

  @Test
  void a_reset_link_expires_after_an_hour() throws Exception {
    String email = email();
    signUp(f.posCode, email);
    requestReset(f.posCode, email);
    String token = resetToken(email, 1);
    TestServer.CLOCK.advance(Duration.ofMinutes(61));
    redeem(f.posCode, token, NEW_PASSWORD).problem(404, "not-found");
    assertThat(login(f.posCode, email, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void a_reset_link_opens_only_with_its_organizer_and_a_new_one_or_a_change_ends_the_old()
      throws Exception {
    String email = email();
    signUp(f.posCode, email);
    requestReset(f.posCode, email);
    String first = resetToken(email, 1);
    Fixtures other = Fixtures.create();
    redeem(other.posCode, first, NEW_PASSWORD).problem(404, "not-found");

    requestReset(f.posCode, email);
    String second = resetToken(email, 2);
    assertThat(redeem(f.posCode, second, NEW_PASSWORD).status()).isEqualTo(204);
    redeem(f.posCode, first, "a third good password").problem(404, "not-found");
  }

  @Test
  void an_account_gets_at_most_three_reset_links_an_hour() {
    String email = email();
    signUp(f.posCode, email);
    for (int i = 0; i < 5; i++) {
      assertThat(requestReset(f.posCode, email).status()).isEqualTo(202);
    }
    // the answers go before the links are made (see the next test): the five statements run
    // after them, perhaps at once, and three of them make a link
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "select coalesce(max(resets_in_window), 0) from customer where email = $1",
                        email)
                    == 3);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "select count(*) from password_reset r join customer c"
                            + " on c.id = r.customer_id where c.email = $1",
                        email)
                    == 3);
    assertThat(
            count(
                "select count(*) from mail_outbox m join password_reset r on r.id = m.reset_id"
                    + " join customer c on c.id = r.customer_id where c.email = $1",
                email))
        .isEqualTo(3);
  }

  @Test
  void a_buyer_changes_their_password_given_the_current_one() {
    String email = email();
    signUp(f.posCode, email);
    String session = token(f.posCode, email, PASSWORD);
    String path = "/api/v1/account/password?pos=" + f.posCode;
    JsonObject change =
        new JsonObject().put("currentPassword", PASSWORD).put("newPassword", NEW_PASSWORD);

    send(client.put(path), change).problem(401, "login-required");
    send(client.put(path).putHeader("Authorization", "Bearer forged"), change)
        .problem(401, "login-required");
    Fixtures other = Fixtures.create();
    send(
            client
                .put("/api/v1/account/password?pos=" + other.posCode)
                .putHeader("Authorization", "Bearer " + session),
            change)
        .problem(401, "login-required");
    send(
            client.put(path).putHeader("Authorization", "Bearer " + session),
            change.copy().put("currentPassword", "not the password"))
        .problem(401, "invalid-credentials");
    send(
            client.put(path).putHeader("Authorization", "Bearer " + session),
            change.copy().put("newPassword", "short"))
        .problem(400, "bad-request");
    assertThat(login(f.posCode, email, PASSWORD).status()).isEqualTo(201);

    String elsewhere = token(f.posCode, email, PASSWORD);
    Reply changed = send(client.put(path).putHeader("Authorization", "Bearer " + session), change);
    assertThat(changed.status()).as("%s", changed.body()).isEqualTo(204);
    login(f.posCode, email, PASSWORD).problem(401, "invalid-credentials");
    assertThat(login(f.posCode, email, NEW_PASSWORD).status()).isEqualTo(201);
    // the session that changed it goes on; the account's other sessions end
    assertThat(account(session).status()).isEqualTo(200);
    account(elsewhere).problem(401, "login-required");
  }

  private Reply account(String session) {
    return send(
        client
            .get("/api/v1/account?pos=" + f.posCode)
            .putHeader("Authorization", "Bearer " + session),
        null);
  }

  @Test
  void an_ended_session_is_refused_by_another_node_once_its_check_is_five_seconds_old() {
    String email = email();
    signUp(f.posCode, email);
    String session = token(f.posCode, email, PASSWORD);
    var otherNode = TestServer.get().services().accounts().asAnotherNode();
    assertThat(otherNode.session(session).await()).isNotNull();

    String other = token(f.posCode, email, PASSWORD);
    Reply changed =
        send(
            client
                .put("/api/v1/account/password?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + other),
            new JsonObject().put("currentPassword", PASSWORD).put("newPassword", NEW_PASSWORD));
    assertThat(changed.status()).as("%s", changed.body()).isEqualTo(204);
    account(session).problem(401, "login-required");
    assertThat(otherNode.session(session).await())
        .as("another node remembers the session a few seconds")
        .isNotNull();
    TestServer.CLOCK.advance(
        Duration.ofMillis(io.guichet.accounts.AccountService.SESSION_CHECK_MILLIS));
    assertThat(otherNode.session(session).await()).isNull();
  }

  @Test
  void a_buyer_edits_their_names_and_their_contact_follows() {
    String email = email();
    signUp(f.posCode, email);
    String session = token(f.posCode, email, PASSWORD);
    String path = "/api/v1/account?pos=" + f.posCode;
    JsonObject names = new JsonObject().put("firstName", " Augusta ").put("lastName", "King");

    send(client.patch(path), names).problem(401, "login-required");
    send(
            client.patch(path).putHeader("Authorization", "Bearer " + session),
            names.copy().put("firstName", " "))
        .problem(400, "bad-request");
    send(
            client.patch(path).putHeader("Authorization", "Bearer " + session),
            names.copy().put("email", "other@example.org"))
        .problem(400, "bad-request");

    Reply edited = send(client.patch(path).putHeader("Authorization", "Bearer " + session), names);
    assertThat(edited.status()).as("%s", edited.body()).isEqualTo(200);
    assertThat(edited.json().getString("firstName")).isEqualTo("Augusta");
    assertThat(edited.json().getString("lastName")).isEqualTo("King");
    assertThat(edited.json().getString("email")).isEqualTo(email);
    Reply me = send(client.get(path).putHeader("Authorization", "Bearer " + session), null);
    assertThat(me.json().getString("firstName")).isEqualTo("Augusta");
    assertThat(
            AccountApiTest.TestServerRows.string(
                "select k.first_name || ' ' || k.last_name from contact k join customer c"
                    + " on c.id = k.customer_id where c.email = $1",
                email))
        .isEqualTo("Augusta King");
  }

  @Test
  void the_shop_lists_its_delivery_modes_with_their_fees() {
    Reply modes = get("/api/v1/delivery-modes?pos=" + f.posCode);
    assertThat(modes.status()).as("%s", modes.body()).isEqualTo(200);
    assertThat(modes.json().getString("currency")).isEqualTo("EUR");
    List<String> listed =
        modes.json().getJsonArray("modes").stream()
            .map(JsonObject.class::cast)
            .map(
                m -> m.getString("mode") + " " + m.getLong("fee") + " " + m.getBoolean("immediate"))
            .toList();
    assertThat(listed).containsExactly("E_TICKET 0 true", "POST 300 false");
    get("/api/v1/delivery-modes?pos=no-such-pos").problem(400, "unknown-point-of-sale");
  }
}
