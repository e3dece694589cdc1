package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests of k8s/, read offline into Kubernetes' own types (fabric8's model,
 * generated from Kubernetes' OpenAPI schemas): every field must be one the schema knows (a typo
 * lands in a type's "additional properties" and fails here), every value of its type; then the
 * cluster's rules: three replicas, probes on the health routes, a graceful stop, the secrets from a
 * Secret, discovery through a headless service that publishes pods before they are ready.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("k8s");
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "Service", Service.class,
          "Deployment", Deployment.class,
          "StatefulSet", StatefulSet.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "Ingress", Ingress.class);
  private static final Map<String, String> API_VERSIONS =
      Map.of(
          "ConfigMap", "v1",
          "Service", "v1",
          "Deployment", "apps/v1",
          "StatefulSet", "apps/v1",
          "PodDisruptionBudget", "policy/v1",
          "HorizontalPodAutoscaler", "autoscaling/v2",
          "Ingress", "networking.k8s.io/v1");

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  @Test
  void every_manifest_is_made_of_fields_kubernetes_knows() throws Exception {
    List<HasMetadata> all = new ArrayList<>();
    try (var files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        all.addAll(read(file));
      }
    }
    assertThat(all).extracting(HasMetadata::getKind).containsAll(KINDS.keySet());
  }

  @Test
  void the_kustomization_applies_every_manifest_but_the_ingress_example() throws Exception {
    Map<String, Object> kustomization =
        new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml")));
    List<String> resources =
        ((List<?>) kustomization.get("resources")).stream().map(String::valueOf).toList();
    assertThat(resources).containsExactlyInAnyOrder("postgres.yaml", "redis.yaml", "guichet.yaml");
  }

  @Test
  void three_nodes_with_probes_a_graceful_stop_and_their_secrets() throws Exception {
    List<HasMetadata> guichet = read(K8S.resolve("guichet.yaml"));
    Deployment deployment = one(guichet, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getLifecycle().getPreStop()).isNotNull();
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(45L);
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();

    Map<String, EnvVar> env =
        c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    for (String secret :
        List.of(
            "GUICHET_SECRET", "GUICHET_QUEUE_TOKEN_KEY", "GUICHET_ADMIN_KEY", "GUICHET_PG_URL")) {
      assertThat(env.get(secret).getValueFrom().getSecretKeyRef())
          .as("%s from a Secret", secret)
          .isNotNull();
    }
    // $(POD_NAMESPACE) is expanded only when defined before its use
    List<String> names = c.getEnv().stream().map(EnvVar::getName).toList();
    assertThat(names.indexOf("POD_NAMESPACE"))
        .isLessThan(names.indexOf("GUICHET_HZ_K8S_SERVICE_DNS"));
    ConfigMap config = one(guichet, ConfigMap.class);
    assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName())
        .isEqualTo(config.getMetadata().getName());
    assertThat(config.getData())
        .containsKeys("GUICHET_PUBLIC_URL", "GUICHET_SMTP_HOST", "GUICHET_OGONE_URL");

    Service discovery =
        guichet.stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .filter(s -> "None".equals(s.getSpec().getClusterIP()))
            .findFirst()
            .orElseThrow();
    assertThat(discovery.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(env.get("GUICHET_HZ_K8S_SERVICE_DNS").getValue())
        .startsWith(discovery.getMetadata().getName() + ".");

    assertThat(one(guichet, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
    assertThat(one(guichet, HorizontalPodAutoscaler.class).getSpec().getMinReplicas())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void postgresql_and_redis_run_as_stateful_sets_for_a_self_contained_install() throws Exception {
    for (String file : List.of("postgres.yaml", "redis.yaml")) {
      StatefulSet set = one(read(K8S.resolve(file)), StatefulSet.class);
      assertThat(set.getSpec().getVolumeClaimTemplates()).as(file).isNotEmpty();
    }
  }

  private List<HasMetadata> read(Path file) throws IOException, ReflectiveOperationException {
    List<HasMetadata> resources = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
      if (doc == null) {
        continue;
      }
      Map<?, ?> tree = (Map<?, ?>) doc;
      String kind = (String) tree.get("kind");
      assertThat(KINDS).as("%s: kind %s", file, kind).containsKey(kind);
      assertThat(tree.get("apiVersion")).as("%s: %s", file, kind).isEqualTo(API_VERSIONS.get(kind));
      HasMetadata resource = mapper.convertValue(tree, KINDS.get(kind));
      List<String> unknown = new ArrayList<>();
      unknownFields(resource, kind, unknown);
      assertThat(unknown).as("%s: fields Kubernetes does not know", file).isEmpty();
      resources.add(resource);
    }
    return resources;
  }

  /** Every field the model did not know, by path: it went to a type's additional properties. */
  private static void unknownFields(Object node, String path, List<String> unknown)
      throws ReflectiveOperationException {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value = getter.invoke(node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
      } else if (value != null
          && (value instanceof Collection<?>
              || value instanceof Map<?, ?>
              || value.getClass().getName().startsWith("io.fabric8."))) {
        unknownFields(value, path + "." + getter.getName().substring(3), unknown);
      }
    }
  }

  private static <T> T one(List<HasMetadata> resources, Class<T> type) {
    List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
