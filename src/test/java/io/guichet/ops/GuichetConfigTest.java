package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuichetConfigTest {

  @Test
  void defaults_need_no_environment() {
    GuichetConfig c = GuichetConfig.fromEnvironment(Map.of(), new String[0]);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.pgUrl()).isNull();
    assertThat(c.redisUrl()).isNull();
    assertThat(c.adminKey()).isNull();
    assertThat(c.demo()).isFalse();
    assertThat(c.dataDir().toString()).endsWith("guichet-data");
    assertThat(c.hzMembers()).isEmpty();
  }

  @Test
  void environment_variables_and_the_demo_flag_are_read() {
    GuichetConfig c =
        GuichetConfig.fromEnvironment(
            Map.of(
                "GUICHET_HTTP_PORT", "9090",
                "GUICHET_PG_URL", "postgresql://u:p@db:5432/guichet",
                "GUICHET_REDIS_URL", "redis://cache:6379",
                "GUICHET_ADMIN_KEY", "k",
                "GUICHET_HZ_MEMBERS", "10.0.0.1, 10.0.0.2"),
            new String[] {"--demo"});
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.pgUrl()).isEqualTo("postgresql://u:p@db:5432/guichet");
    assertThat(c.redisUrl()).isEqualTo("redis://cache:6379");
    assertThat(c.adminKey()).isEqualTo("k");
    assertThat(c.demo()).isTrue();
    assertThat(c.hzMembers()).isEqualTo(List.of("10.0.0.1", "10.0.0.2"));
    assertThat(GuichetConfig.fromEnvironment(Map.of("GUICHET_DEMO", "true"), new String[0]).demo())
        .isTrue();
  }

  @Test
  void a_member_list_or_kubernetes_discovery_means_the_node_expects_peers() {
    assertThat(GuichetConfig.fromEnvironment(Map.of(), new String[0]).expectsPeers()).isFalse();
    assertThat(
            GuichetConfig.fromEnvironment(Map.of("GUICHET_HZ_MEMBERS", "10.0.0.1"), new String[0])
                .expectsPeers())
        .isTrue();
    assertThat(
            GuichetConfig.fromEnvironment(
                    Map.of("GUICHET_HZ_K8S_SERVICE_DNS", "guichet-hazelcast.shop.svc"),
                    new String[0])
                .expectsPeers())
        .isTrue();
  }

  @Test
  void a_non_numeric_port_is_a_clear_error() {
    assertThatThrownBy(
            () ->
                GuichetConfig.fromEnvironment(Map.of("GUICHET_HTTP_PORT", "eighty"), new String[0]))
        .hasMessageContaining("GUICHET_HTTP_PORT");
  }
}
