package io.guichet.tickets;

import static io.guichet.Shop.checkout;
import static io.guichet.Shop.guestCheckout;
import static io.guichet.Shop.hold;
import static io.guichet.Shop.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  /** A paid order of {@code quantity} seats in category A on {@code pos}. */
  record Paid(JsonObject order, String secret, String pos, List<String> tickets) {
    String id() {
      return order.getString("id");
    }
  }

  static Paid paid(Fixtures f, String pos, int quantity, JsonObject extra) {
    Cart cart = Shop.cart(pos);
    hold(cart, f.performanceId(), "A", f.fullTariff(), quantity);
    JsonObject body = guestCheckout("E_TICKET");
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    Reply placed = checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    String secret = order.getString("secret");
    Reply read = Shop.order(order.getString("id"), pos, secret);
    JsonArray tickets = read.json().getJsonArray("tickets");
    assertThat(tickets).hasSize(quantity);
    return new Paid(
        read.json(),
        secret,
        pos,
        tickets.stream().map(t -> ((JsonObject) t).getString("id")).toList());
  }

  static Reply shop(HttpMethod method, String path, Paid p, Object body) {
    String sep = path.contains("?") ? "&" : "?";
    return send(
        client
            .request(method, path + sep + "pos=" + p.pos())
            .putHeader("X-Order-Secret", p.secret()),
        body);
  }

  static Reply ticket(Paid p, String ticketId) {
    return shop(HttpMethod.GET, "/api/v1/tickets/" + ticketId, p, null);
  }

  @Test
  void a_paid_buyer_gets_a_mobile_ticket_whose_code_verifies_with_the_published_key()
      throws Exception {
    Paid p = paid(f, f.posCode, 2, new JsonObject());
    assertThat(p.order().getJsonArray("tickets").getJsonObject(0).containsKey("code"))
        .as("reading the order prints nothing")
        .isFalse();
    Reply reply = ticket(p, p.tickets().get(0));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    JsonObject t = reply.json();
    assertThat(t.getString("status")).isEqualTo("LIVE");
    assertThat(t.getJsonObject("event").getString("name")).startsWith("Show ");
    assertThat(t.getJsonObject("place").getJsonObject("seat").getString("section")).isNotBlank();
    assertThat(t.getLong("price")).isEqualTo(4500);

    byte[] code = Base64.getUrlDecoder().decode(t.getString("code"));
    String kid = HexFormat.of().formatHex(code, 1, 5);
    JsonObject key =
        get("/api/v1/scanner/keys").items().stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("kid").equals(kid))
            .findFirst()
            .orElseThrow();
    PublicKey publicKey =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(key.getString("spki"))));
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(publicKey);
    s.update(code, 0, code.length - 64);
    assertThat(s.verify(Arrays.copyOfRange(code, code.length - 64, code.length))).isTrue();
    assertThat(
            count(
                "select count(*) from ticket where id = $1 and printed_at is not null",
                UUID.fromString(p.tickets().get(0))))
        .as("the code left the server: printed")
        .isEqualTo(1);
  }

  @Test
  void the_pdf_has_one_page_per_ticket_with_the_event_and_place_and_a_second_download_is_the_same()
      throws Exception {
    String byOrder = f.shop(new JsonObject(), new JsonObject().put("bulkPrinting", "BY_ORDER"));
    Paid p = paid(f, byOrder, 3, new JsonObject());
    Reply pdf = shop(HttpMethod.GET, "/api/v1/orders/" + p.id() + "/tickets.pdf", p, null);
    assertThat(pdf.status()).as("%s", pdf.body()).isEqualTo(200);
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.body().getBytes())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(3);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains(f.event.getString("name")).contains("Section").contains("Order ");
    }
    Reply again = shop(HttpMethod.GET, "/api/v1/orders/" + p.id() + "/tickets.pdf", p, null);
    assertThat(again.body().getBytes()).isEqualTo(pdf.body().getBytes());

    Reply one = shop(HttpMethod.GET, "/api/v1/tickets/" + p.tickets().get(1) + "/pdf", p, null);
    assertThat(one.status()).isEqualTo(200);
    try (PDDocument doc = Loader.loadPDF(one.body().getBytes())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(1);
    }
  }

  @Test
  void bulk_printing_follows_the_point_of_sale() {
    Paid none = paid(f, f.posCode, 1, new JsonObject());
    shop(HttpMethod.GET, "/api/v1/orders/" + none.id() + "/tickets.pdf", none, null)
        .problem(403, "not-allowed-here");

    String byProduct = f.shop(new JsonObject(), new JsonObject().put("bulkPrinting", "BY_PRODUCT"));
    Paid p = paid(f, byProduct, 2, new JsonObject());
    shop(HttpMethod.GET, "/api/v1/orders/" + p.id() + "/tickets.pdf", p, null)
        .problem(400, "bad-request");
    Reply product =
        shop(
            HttpMethod.GET,
            "/api/v1/orders/" + p.id() + "/tickets.pdf?performance=" + f.performanceId(),
            p,
            null);
    assertThat(product.status()).as("%s", product.body()).isEqualTo(200);
    shop(
            HttpMethod.GET,
            "/api/v1/orders/" + p.id() + "/tickets.pdf?performance=" + UUID.randomUUID(),
            p,
            null)
        .problem(404, "not-found");
  }

  @Test
  void the_order_pdf_without_the_order_secret_answers_as_the_order_does_and_names_no_ticket() {
    String byOrder = f.shop(new JsonObject(), new JsonObject().put("bulkPrinting", "BY_ORDER"));
    Paid p = paid(f, byOrder, 2, new JsonObject());
    Paid thief = new Paid(p.order(), "forged-secret", p.pos(), p.tickets());
    JsonObject order =
        shop(HttpMethod.GET, "/api/v1/orders/" + p.id(), thief, null).problem(404, "not-found");
    JsonObject forged =
        shop(HttpMethod.GET, "/api/v1/orders/" + p.id() + "/tickets.pdf", thief, null)
            .problem(404, "not-found");
    JsonObject none =
        send(client.get("/api/v1/orders/" + p.id() + "/tickets.pdf?pos=" + p.pos()), null)
            .problem(404, "not-found");
    for (JsonObject problem : List.of(forged, none)) {
      assertThat(problem.getString("detail")).isEqualTo(order.getString("detail"));
      for (String ticket : p.tickets()) {
        assertThat(problem.encode()).doesNotContain(ticket);
      }
    }
  }

  @Test
  void the_wallet_pass_is_a_signed_pkpass_carrying_the_code() throws Exception {
    Paid p = paid(f, f.posCode, 1, new JsonObject());
    String code = ticket(p, p.tickets().get(0)).json().getString("code");
    Reply reply =
        shop(HttpMethod.GET, "/api/v1/tickets/" + p.tickets().get(0) + "/pkpass", p, null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/vnd.apple.pkpass");
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream zip =
        new ZipInputStream(new ByteArrayInputStream(reply.body().getBytes()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), zip.readAllBytes());
      }
    }
    assertThat(files).containsKeys("pass.json", "manifest.json", "signature", "icon.png");
    JsonObject pass = Buffer.buffer(files.get("pass.json")).toJsonObject();
    assertThat(pass.getJsonArray("barcodes").getJsonObject(0).getString("message")).isEqualTo(code);
    assertThat(pass.getString("serialNumber")).isEqualTo(p.tickets().get(0));
    JsonObject manifest = Buffer.buffer(files.get("manifest.json")).toJsonObject();
    for (String name : List.of("pass.json", "icon.png", "icon@2x.png")) {
      assertThat(manifest.getString(name))
          .isEqualTo(
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(files.get(name))));
    }
    CMSSignedData signed =
        new CMSSignedData(
            new CMSProcessableByteArray(files.get("manifest.json")), files.get("signature"));
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    @SuppressWarnings("unchecked")
    X509CertificateHolder cert =
        (X509CertificateHolder)
            signed.getCertificates().getMatches(signer.getSID()).iterator().next();
    assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))).isTrue();
  }

  @Test
  void another_buyer_or_an_unknown_ticket_is_not_found_and_nothing_is_printed() {
    Paid p = paid(f, f.posCode, 1, new JsonObject());
    String id = p.tickets().get(0);
    Paid thief = new Paid(p.order(), "forged-secret", p.pos(), p.tickets());
    ticket(thief, id).problem(404, "not-found");
    shop(HttpMethod.GET, "/api/v1/tickets/" + id + "/pdf", thief, null).problem(404, "not-found");
    shop(HttpMethod.GET, "/api/v1/tickets/" + id + "/pkpass", thief, null)
        .problem(404, "not-found");
    ticket(p, UUID.randomUUID().toString()).problem(404, "not-found");
    shop(HttpMethod.GET, "/api/v1/tickets/not-a-uuid", p, null).problem(400, "bad-request");
    String otherPos = f.sellingChannel("BEST_AVAILABLE_VIEW", 10, false);
    ticket(new Paid(p.order(), p.secret(), otherPos, p.tickets()), id).problem(404, "not-found");
    assertThat(
            count(
                "select count(*) from ticket where id = $1 and printed_at is null",
                UUID.fromString(id)))
        .isEqualTo(1);
  }

  @Test
  void downloads_need_a_paid_order_an_electronic_delivery_and_the_switch_on() {
    String disabled = f.shop(new JsonObject(), new JsonObject().put("disableTicketDownload", true));
    Paid off = paid(f, disabled, 1, new JsonObject());
    ticket(off, off.tickets().get(0)).problem(403, "ticket-download-disabled");
    shop(HttpMethod.GET, "/api/v1/tickets/" + off.tickets().get(0) + "/pdf", off, null)
        .problem(403, "ticket-download-disabled");

    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    JsonObject order = checkout(cart, guestCheckout("POST")).json();
    pay(order, "accept");
    Paid posted = new Paid(order, order.getString("secret"), f.posCode, List.of());
    String postedTicket =
        Shop.order(order.getString("id"), f.posCode, posted.secret())
            .json()
            .getJsonArray("tickets")
            .getJsonObject(0)
            .getString("id");
    ticket(posted, postedTicket).problem(403, "not-allowed-here");
  }

  @Test
  void a_point_of_sale_that_needs_beneficiaries_refuses_a_checkout_without_them() {
    String named = f.shop(new JsonObject(), new JsonObject().put("beneficiariesRequired", true));
    Cart cart = Shop.cart(named);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    JsonObject body = guestCheckout("E_TICKET");
    checkout(cart, body).problem(422, "beneficiaries-required");
    body.put(
        "beneficiaries",
        new JsonArray().add(new JsonObject().put("firstName", "Marie").put("lastName", "Curie")));
    checkout(cart, body).problem(422, "beneficiaries-required");
    assertThat(count("select count(*) from orders where cart_id = $1", UUID.fromString(cart.id())))
        .isZero();

    body.put(
        "beneficiaries",
        new JsonArray()
            .add(new JsonObject().put("firstName", "Marie").put("lastName", "Curie"))
            .add(new JsonObject().put("firstName", "Pierre").put("lastName", "Curie")));
    Reply placed = checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    pay(placed.json(), "accept");
    JsonArray tickets =
        Shop.order(placed.json().getString("id"), named, placed.json().getString("secret"))
            .json()
            .getJsonArray("tickets");
    assertThat(tickets.getJsonObject(0).getJsonObject("beneficiary").getString("firstName"))
        .isEqualTo("Marie");
    assertThat(tickets.getJsonObject(1).getJsonObject("beneficiary").getString("firstName"))
        .isEqualTo("Pierre");
  }

  @Test
  void a_beneficiary_change_bumps_the_version_and_is_closed_after_printing_where_not_allowed() {
    Paid p = paid(f, f.posCode, 1, new JsonObject());
    String id = p.tickets().get(0);
    JsonObject ada = new JsonObject().put("firstName", "Ada").put("lastName", "Byron");
    Reply changed = shop(HttpMethod.PUT, "/api/v1/tickets/" + id + "/beneficiary", p, ada);
    assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
    assertThat(changed.json().getInteger("version")).isEqualTo(2);
    assertThat(changed.json().containsKey("code")).isFalse();
    assertThat(ticket(p, id).json().getJsonObject("beneficiary").getString("lastName"))
        .isEqualTo("Byron");
    // now printed, and this point of sale allows no change after printing
    shop(
            HttpMethod.PUT,
            "/api/v1/tickets/" + id + "/beneficiary",
            p,
            new JsonObject().put("firstName", "Charles").put("lastName", "Babbage"))
        .problem(409, "beneficiary-change-closed");
    // the same name again (a retried request) changes nothing: the printed code still scans
    Reply again = shop(HttpMethod.PUT, "/api/v1/tickets/" + id + "/beneficiary", p, ada);
    assertThat(again.status()).as("%s", again.body()).isEqualTo(200);
    assertThat(again.json().getInteger("version")).isEqualTo(2);
    shop(
            HttpMethod.PUT,
            "/api/v1/tickets/" + id + "/beneficiary",
            p,
            new JsonObject().put("firstName", ""))
        .problem(400, "bad-request");
    assertThat(count("select version from ticket where id = $1", UUID.fromString(id))).isEqualTo(2);
  }

  @Test
  void after_printing_a_change_is_allowed_until_the_hours_before_the_performance() {
    // the fixture's performance is 10 days away: 48 hours before is still open, 300 is not
    String open = f.shop(new JsonObject(), new JsonObject().put("beneficiaryChangeHours", 48));
    Paid p = paid(f, open, 1, new JsonObject());
    String id = p.tickets().get(0);
    ticket(p, id);
    JsonObject grace = new JsonObject().put("firstName", "Grace").put("lastName", "Hopper");
    assertThat(shop(HttpMethod.PUT, "/api/v1/tickets/" + id + "/beneficiary", p, grace).status())
        .isEqualTo(200);

    String closed = f.shop(new JsonObject(), new JsonObject().put("beneficiaryChangeHours", 300));
    Paid q = paid(f, closed, 1, new JsonObject());
    ticket(q, q.tickets().get(0));
    JsonObject problem =
        shop(HttpMethod.PUT, "/api/v1/tickets/" + q.tickets().get(0) + "/beneficiary", q, grace)
            .problem(409, "beneficiary-change-closed");
    assertThat(problem.getString("until")).isNotBlank();
  }

  @Test
  void a_ticket_downloaded_again_and_again_shows_its_change_at_once() {
    // downloads keep a paid ticket and its encoded JSON on the node; a change must evict both
    String open = f.shop(new JsonObject(), new JsonObject().put("beneficiaryChangeHours", 48));
    Paid p = paid(f, open, 1, new JsonObject());
    String id = p.tickets().get(0);
    ticket(p, id); // the first download prints the ticket
    JsonObject before = ticket(p, id).json();
    assertThat(ticket(p, id).json()).isEqualTo(before); // kept, encoded once
    JsonObject grace = new JsonObject().put("firstName", "Grace").put("lastName", "Hopper");
    assertThat(shop(HttpMethod.PUT, "/api/v1/tickets/" + id + "/beneficiary", p, grace).status())
        .isEqualTo(200);
    JsonObject after = ticket(p, id).json();
    assertThat(after.getInteger("version")).isEqualTo(before.getInteger("version") + 1);
    assertThat(after.getJsonObject("beneficiary").getString("lastName")).isEqualTo("Hopper");
    assertThat(after.getString("code")).isNotEqualTo(before.getString("code"));
  }
}
