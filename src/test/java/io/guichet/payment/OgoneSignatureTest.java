package io.guichet.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OgoneSignatureTest {

  @Test
  void sha_in_matches_the_example_of_ogones_integration_guide() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("PSPID", "MyPSPID");
    params.put("orderID", "1234");
    params.put("amount", "1500");
    params.put("currency", "EUR");
    params.put("language", "en_US");
    params.put("COM", "");
    assertThat(OgoneSignature.shaIn(params, "Mysecretsig1875!?", OgoneSignature.Algorithm.SHA1))
        .isEqualTo("F4CC376CD7A834D997B91598FA747825A238BE0A");
  }

  @Test
  void sha_out_ignores_parameters_outside_its_list() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("orderID", "REF-1");
    params.put("amount", "45");
    params.put("currency", "EUR");
    params.put("STATUS", "9");
    params.put("PAYID", "123");
    String signature = OgoneSignature.shaOut(params, "out", OgoneSignature.Algorithm.SHA512);
    params.put("UNSIGNED_EXTRA", "whatever");
    assertThat(OgoneSignature.shaOut(params, "out", OgoneSignature.Algorithm.SHA512))
        .isEqualTo(signature);
    params.put("STATUS", "5");
    assertThat(OgoneSignature.shaOut(params, "out", OgoneSignature.Algorithm.SHA512))
        .isNotEqualTo(signature);
  }

  @Test
  void amounts_convert_between_minor_units_and_ogones_formats() {
    assertThat(OgoneGateway.hundredths(4550, "EUR")).isEqualTo("4550");
    assertThat(OgoneGateway.hundredths(500, "JPY")).isEqualTo("50000");
    assertThat(OgoneGateway.minorUnits("45.5", "EUR")).isEqualTo(4550);
    assertThat(OgoneGateway.minorUnits("45", "EUR")).isEqualTo(4500);
    assertThat(OgoneGateway.major(4550, "EUR")).isEqualTo("45.5");
    assertThat(OgoneGateway.major(4500, "EUR")).isEqualTo("45");
    assertThatThrownBy(() -> OgoneGateway.minorUnits("45.555", "EUR"))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void feedback_with_a_wrong_or_missing_signature_is_refused() {
    PaymentConfig config =
        new PaymentConfig(
            true,
            "http://psp",
            "ID",
            "in",
            "out",
            OgoneSignature.Algorithm.SHA256,
            "u",
            "p",
            "http://shop",
            "http://shop/notify");
    OgoneGateway gateway = new OgoneGateway(config, null);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("orderID", "REF-1");
    params.put("amount", "45.5");
    params.put("currency", "EUR");
    params.put("STATUS", "9");
    params.put("PAYID", "123");
    MultiMap good = MultiMap.caseInsensitiveMultiMap();
    params.forEach(good::add);
    good.add("SHASIGN", OgoneSignature.shaOut(params, "out", OgoneSignature.Algorithm.SHA256));
    OgoneFeedback feedback = gateway.feedback(good);
    assertThat(feedback.amount()).isEqualTo(4550);
    assertThat(feedback.outcome()).isEqualTo(OgoneFeedback.Outcome.ACCEPTED);

    MultiMap tampered = MultiMap.caseInsensitiveMultiMap().addAll(good).set("amount", "1");
    assertThatThrownBy(() -> gateway.feedback(tampered)).isInstanceOf(DomainException.class);
    MultiMap unsigned = MultiMap.caseInsensitiveMultiMap().addAll(good).remove("SHASIGN");
    assertThatThrownBy(() -> gateway.feedback(unsigned)).isInstanceOf(DomainException.class);
  }
}
