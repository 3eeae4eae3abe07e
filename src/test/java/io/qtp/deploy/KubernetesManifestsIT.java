package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.qtp.support.JarProcess;

/**
 * deploy/k8s parsed with the fabric8 Kubernetes model (unknown fields fail the parse) and cross-checked with the
 * application: container port, PORT and the Service's target port equal the app's port; the probe paths answer
 * 200 on a running instance; every environment name (env, ConfigMap, Secret) is one the app reads; the model
 * volume is mounted at the image's MODEL_DIR; replicas, resources, HPA bounds and targets as in the seed.
 */
class KubernetesManifestsIT {

    private static final Path DIR = Deploy.file("deploy/k8s");
    private static final Map<Class<?>, List<HasMetadata>> BY_KIND = new HashMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                Object parsed = Serialization.unmarshal(in);
                List<?> items = parsed instanceof List<?> l ? l : List.of(parsed);
                for (Object o : items) {
                    assertThat(o).as(f + " is a typed Kubernetes resource").isInstanceOf(HasMetadata.class);
                    assertThat(o.getClass().getPackageName()).as(f + " kind known to the model")
                            .doesNotContain("GenericKubernetesResource");
                    assertThat(unknownFields(o, "")).as(f + ": fields the Kubernetes model does not know").isEmpty();
                    BY_KIND.computeIfAbsent(o.getClass(), k -> new ArrayList<>()).add((HasMetadata) o);
                }
            }
        }
        assertThat(BY_KIND.keySet()).containsExactlyInAnyOrder(Deployment.class, Service.class,
                PersistentVolumeClaim.class, HorizontalPodAutoscaler.class, ConfigMap.class, Secret.class,
                PodDisruptionBudget.class);
    }

    /**
     * The model keeps fields it does not know (a misspelt "readinesProbe") in additionalProperties instead of
     * failing; this walks the parsed objects and lists them, so that a typo fails the test.
     */
    private static List<String> unknownFields(Object o, String path) {
        List<String> unknown = new ArrayList<>();
        if (o == null) {
            return unknown;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                unknown.addAll(unknownFields(x, path + "[" + i++ + "]"));
            }
            return unknown;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
            return unknown;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = getter.invoke(o);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return unknown;
    }

    @SuppressWarnings("unchecked")
    private static <T> T one(Class<T> kind) {
        List<HasMetadata> list = BY_KIND.getOrDefault(kind, List.of());
        assertThat(list).as("exactly one " + kind.getSimpleName()).hasSize(1);
        return (T) list.get(0);
    }

    private static Container container() {
        Deployment d = one(Deployment.class);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretExample() throws IOException {
        JsonNode k = Deploy.yaml("deploy/k8s/kustomization.yaml");
        assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml") && !n.equals("secret.example.yaml")).forEach(files::add);
        }
        assertThat(listed).isEqualTo(files);
        assertThat(k.path("images").get(0).path("name").asText()).isEqualTo(container().getImage().split(":")[0]);
    }

    @Test
    void deploymentMatchesTheSeedAndTheApplication() throws IOException {
        Deployment d = one(Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getSelector().getMatchLabels())
                .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
        Container c = container();

        // port: the container port is the app's port, and PORT (when set) says the same
        int appPort = Deploy.appPort();
        assertThat(c.getPorts()).hasSize(1);
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(appPort);
        env(c).stream().filter(e -> e.getName().equals("PORT"))
                .forEach(e -> assertThat(e.getValue()).isEqualTo(Integer.toString(appPort)));

        // resources: requests below limits, both set
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        for (String r : List.of("cpu", "memory")) {
            assertThat(Quantity.getAmountInBytes(requests.get(r)))
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(r)));
        }

        // model volume: mounted at the image's MODEL_DIR, from the PVC of this directory
        assertThat(c.getVolumeMounts()).hasSize(1);
        VolumeMount mount = c.getVolumeMounts().get(0);
        assertThat(mount.getMountPath()).isEqualTo(Deploy.imageModelDir());
        env(c).stream().filter(e -> e.getName().equals("MODEL_DIR"))
                .forEach(e -> assertThat(e.getValue()).isEqualTo(mount.getMountPath()));
        Volume v = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(one(PersistentVolumeClaim.class).getMetadata().getName());

        // non-root, like the image
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);

        // the env sources exist in this directory
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                assertThat(one(ConfigMap.class).getMetadata().getName()).isEqualTo(from.getConfigMapRef().getName());
            }
            if (from.getSecretRef() != null) {
                assertThat(one(Secret.class).getMetadata().getName()).isEqualTo(from.getSecretRef().getName());
            }
        }
    }

    @Test
    void everyEnvironmentNameIsOneTheApplicationReads() throws IOException {
        Set<String> allowed = Deploy.allowedEnvironment();
        Set<String> used = new TreeSet<>();
        env(container()).forEach(e -> used.add(e.getName()));
        used.addAll(one(ConfigMap.class).getData().keySet());
        Secret secret = one(Secret.class);
        used.addAll(secret.getStringData().keySet());
        if (secret.getData() != null) {
            used.addAll(secret.getData().keySet());
        }
        assertThat(used).isSubsetOf(allowed);
        // the seed's public-exposure rate limit and production mode are set
        assertThat(one(ConfigMap.class).getData())
                .containsEntry("RATE_LIMIT_REQUESTS", "100").containsEntry("RATE_LIMIT_WINDOW", "15m")
                .containsEntry("APP_ENV", "production");
        // the example holds no real secret: every value is empty or a placeholder
        assertThat(secret.getStringData().values()).allMatch(v -> v.isEmpty() || v.equals("change-me") || v.equals("qtp"));
    }

    @Test
    void serviceHpaAndDisruptionBudgetTargetTheDeployment() {
        Deployment d = one(Deployment.class);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();

        Service s = one(Service.class);
        assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
        assertThat(s.getSpec().getPorts()).hasSize(1);
        ServicePort p = s.getSpec().getPorts().get(0);
        assertThat(p.getPort()).isEqualTo(80);
        int target = p.getTargetPort().getIntVal() != null ? p.getTargetPort().getIntVal()
                : container().getPorts().stream().filter(cp -> cp.getName().equals(p.getTargetPort().getStrVal()))
                        .findFirst().orElseThrow().getContainerPort();
        assertThat(target).isEqualTo(Deploy.appPort());

        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        Map<String, Integer> targets = new HashMap<>();
        for (MetricSpec m : hpa.getSpec().getMetrics()) {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
            targets.put(m.getResource().getName(), m.getResource().getTarget().getAverageUtilization());
        }
        assertThat(targets).isEqualTo(Map.of("cpu", 70, "memory", 80));
        // utilization targets need requests
        assertThat(container().getResources().getRequests()).containsKeys("cpu", "memory");

        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, hpa.getSpec().getMinReplicas() - 1);
    }

    @Test
    void probePathsAnswer200OnARunningInstance() throws Exception {
        Container c = container();
        Map<String, Probe> probes = new HashMap<>();
        probes.put("liveness", c.getLivenessProbe());
        probes.put("readiness", c.getReadinessProbe());
        if (c.getStartupProbe() != null) {
            probes.put("startup", c.getStartupProbe());
        }
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");

        Map<String, String> env = new HashMap<>();
        env.put("APP_ENV", "production");
        try (JarProcess app = JarProcess.start(env)) {
            app.awaitReady(Duration.ofSeconds(90));
            for (Map.Entry<String, Probe> e : probes.entrySet()) {
                var get = e.getValue().getHttpGet();
                String port = get.getPort().getIntVal() != null ? get.getPort().getIntVal().toString() : get.getPort().getStrVal();
                assertThat(port).as(e.getKey() + " probe port")
                        .isIn(Integer.toString(Deploy.appPort()), c.getPorts().get(0).getName());
                assertThat(app.get(get.getPath()).statusCode()).as(e.getKey() + " " + get.getPath()).isEqualTo(200);
            }
        }
    }

    private static List<EnvVar> env(Container c) {
        return c.getEnv() == null ? List.of() : c.getEnv();
    }
}
