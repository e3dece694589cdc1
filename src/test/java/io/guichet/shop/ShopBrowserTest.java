package io.guichet.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reference shop and the control room in a real browser (the Chromium installed on the machine,
 * headless) against the real server. Skipped, saying so, where no Chromium is installed. Each step
 * leaves a screenshot in {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopBrowserTest extends ServerTest {
  private static Browser browser;

  @BeforeAll
  static void startBrowser() {
    Path chromium = Browser.installedChromium().orElse(null);
    if (chromium == null) {
      System.out.println(
          "ShopBrowserTest skipped: no Chromium found (apt-get install chromium, or set"
              + " GUICHET_CHROMIUM)");
    }
    assumeTrue(
        chromium != null,
        "no Chromium found (apt-get install chromium, or set GUICHET_CHROMIUM): the browser tests"
            + " are skipped");
    browser = Browser.start(chromium);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void a_buyer_goes_from_the_queue_to_a_ticket_whose_qr_code_is_its_signed_code() throws Exception {
    Fixtures f = Fixtures.create();
    String pos = shop(f, "BEST_AVAILABLE_EDITABLE");
    JsonObject onSale = onSale(f, 6000, true);
    Page page = browser.buyer(1280, 900);

    page.navigate("/?pos=" + pos + "&onsale=" + onSale.getString("id"));
    page.locator("h1:has-text('Waiting room')").waitFor();
    Browser.screenshot(page, "01-waiting-room");
    page.waitForURL("**#/performance/" + f.performanceId());
    page.locator("svg.seatmap circle").first().waitFor();
    Browser.screenshot(page, "02-performance");

    page.click("button:has-text('Hold the best seats')");
    page.locator("svg.seatmap circle.mine.best").nth(1).waitFor();
    assertThat(page.locator("svg.seatmap circle.mine").count()).isEqualTo(2);
    assertThat(page.locator(".info").textContent()).startsWith("The server chose for you");
    Browser.screenshot(page, "03-best-available-on-the-map");

    page.click("#cart-link");
    page.locator("#total").waitFor();
    assertThat(page.locator("#countdown").textContent()).contains("kept for another");
    assertThat(page.locator("#total").textContent()).contains("92.00"); // 2 × 45.00 + 2 × 1.00 fees
    page.fill(
        "input[name=email]", "ada+" + UUID.randomUUID().toString().substring(0, 8) + "@ex.org");
    page.fill("input[name=firstName]", "Ada");
    page.fill("input[name=lastName]", "Lovelace");
    Browser.screenshot(page, "04-cart-and-checkout");

    page.click("#pay");
    page.locator("text=Simulated payment").waitFor();
    page.click("button[value=accept]");
    page.waitForURL("**/orders/**");
    page.locator(".order-status[data-status=PAID]").waitFor();
    page.locator("img.qr").nth(1).waitFor();
    Browser.screenshot(page, "05-order-with-tickets");

    List<String> ticketIds =
        ((List<?>)
                page.locator("[data-ticket]").evaluateAll("els => els.map(e => e.dataset.ticket)"))
            .stream().map(String::valueOf).toList();
    assertThat(ticketIds).hasSize(2);
    String code = decodeQr(page.locator("[data-ticket='" + ticketIds.get(0) + "'] img.qr"));
    // the order's secret is what the shop keeps in the tab; the API gives the ticket's signed code
    String orderId = page.url().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
    JsonObject secrets =
        new JsonObject((String) page.evaluate("() => sessionStorage.getItem('orders')"));
    Reply ticket =
        send(
            client
                .get("/api/v1/tickets/" + ticketIds.get(0) + "?pos=" + pos)
                .putHeader("X-Order-Secret", secrets.getString(orderId)),
            null);
    assertThat(ticket.status()).isEqualTo(200);
    assertThat(code).isEqualTo(ticket.json().getString("code"));
    page.context().close();
  }

  @Test
  @Order(2)
  void the_control_room_shows_the_sale_and_changes_the_rate_live() {
    Fixtures f = Fixtures.create();
    String pos = shop(f, "BEST_AVAILABLE_VIEW");
    JsonObject onSale = onSale(f, 600, false);
    io.guichet.Shop.Cart cart = io.guichet.Shop.cart(pos);
    io.guichet.Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 3);

    Page page = browser.buyer(1280, 1000);
    page.navigate("/admin/?onsale=" + onSale.getString("id") + "&pos=" + pos);
    page.fill("input[name=admin-key]", TestServer.ADMIN_KEY);
    page.click("button[type=submit]");
    page.locator("[data-figure=held] strong:has-text('3')").waitFor();
    page.locator("svg.seatmap circle.H").nth(2).waitFor();
    page.locator(".checked-in").waitFor();
    Browser.screenshot(page, "06-control-room");

    page.fill("input[name=rate]", "1234");
    page.click("button:has-text('Save')");
    page.locator("[data-figure=admitted] strong:has-text('/ 1234')").waitFor();
    assertThat(
            adminGet("/admin/v1/onsales/" + onSale.getString("id"))
                .json()
                .getInteger("admissionPerMinute"))
        .isEqualTo(1234);
    page.context().close();
  }

  @Test
  @Order(3)
  void a_second_browser_sees_the_first_ones_seats_turn_held_then_free_when_the_hold_lapses() {
    Fixtures f = Fixtures.create();
    String pos = shop(f, "BEST_AVAILABLE_EDITABLE");
    String performance = "/?pos=" + pos + "#/performance/" + f.performanceId();
    Page watcher = browser.buyer(1280, 900);
    watcher.navigate(performance);
    watcher.locator("svg.seatmap circle").first().waitFor();
    assertThat(watcher.locator("svg.seatmap circle.H").count()).isZero();

    Page phone = browser.buyer(390, 844); // a phone's width
    phone.navigate(performance);
    phone.click("button:has-text('Hold the best seats')");
    phone.locator("svg.seatmap circle.mine").nth(1).waitFor();
    List<?> held =
        (List<?>)
            phone
                .locator("svg.seatmap circle.mine")
                .evaluateAll("els => els.map(e => e.dataset.id)");
    Browser.screenshot(phone, "07-phone-width-hold");

    for (Object seat : held) {
      watcher.locator("svg.seatmap circle.H[data-id='" + seat + "']").waitFor();
    }
    Browser.screenshot(watcher, "08-second-browser-sees-held-seats");

    // the hold's deadline passes (the channel holds for 10 minutes): the seats are free again
    TestServer.CLOCK.advance(Duration.ofMinutes(11));
    try {
      for (Object seat : held) {
        watcher.locator("svg.seatmap circle.F[data-id='" + seat + "']").waitFor();
      }
    } finally {
      TestServer.CLOCK.reset(); // the other tests of this JVM expect the server's clock on time
    }
    Browser.screenshot(watcher, "09-lapsed-hold-seats-free-again");
    watcher.context().close();
    phone.context().close();
  }

  /** A point of sale of the fixtures' organizer whose shop is this server (the payment returns). */
  private static String shop(Fixtures f, String mode) {
    JsonObject channel =
        create(
            "/admin/v1/channels",
            Fixtures.channel(f.organizer.getString("id"), "PUBLIC").put("seatSearchMode", mode));
    String code = "b-" + UUID.randomUUID().toString().substring(0, 8);
    create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", channel.getString("id"))
            .put("code", code)
            .put("name", "Browser shop " + code)
            .put("url", "http://127.0.0.1:" + TestServer.port() + "/"));
    create(
        "/admin/v1/performances/" + f.performanceId() + "/onsale-windows",
        new JsonObject()
            .put("channelId", channel.getString("id"))
            .put("opensAt", Instant.now().minusSeconds(3600).toString())
            .put("closesAt", Instant.now().plus(Duration.ofDays(9)).toString()));
    return code;
  }

  private static JsonObject onSale(Fixtures f, int perMinute, boolean enabled) {
    return create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
        new JsonObject()
            .put("name", "On-sale " + f.posCode)
            .put("performanceIds", new JsonArray().add(f.performanceId()))
            .put("queueOpensAt", Instant.now().minusSeconds(600).toString())
            .put("saleStartsAt", Instant.now().minusSeconds(60).toString())
            .put("admissionPerMinute", perMinute)
            .put("maxActiveShoppers", 100)
            .put("enabled", enabled));
  }

  /** The text of the QR code the page shows, read back from the pixels on screen. */
  private static String decodeQr(Locator image) throws Exception {
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.screenshot()));
    int[] pixels = png.getRGB(0, 0, png.getWidth(), png.getHeight(), null, 0, png.getWidth());
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(
                new HybridBinarizer(
                    new RGBLuminanceSource(png.getWidth(), png.getHeight(), pixels))))
        .getText();
  }
}
