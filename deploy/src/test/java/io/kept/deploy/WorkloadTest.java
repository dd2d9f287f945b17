package io.kept.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every Kept pod must have to pass review: probes, resources, a locked-down security context, a pinned image. */
class WorkloadTest {

    private static final String VERSION = System.getProperty("kept.version", "0.1.0-SNAPSHOT");
    /** registry/name:tag, the tag explicit; digests (@sha256:...) are fine too. */
    private static final Pattern PINNED = Pattern.compile("^[^:@]+(:[^/:@]+)?(@sha256:[0-9a-f]{64})?$");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceIsDeployed(String kustomization) {
        assertThat(Manifests.deployments(kustomization))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(ServiceConfig.SERVICES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerHasStartupLivenessAndReadinessProbesOnQuarkusHealth(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        forEachContainer(kustomization, (where, pod, c) -> {
            probe(soft, where, "startupProbe", c.getStartupProbe(), "/q/health/started", c);
            probe(soft, where, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c);
            probe(soft, where, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c);
        });
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerRequestsAndLimitsCpuAndMemory(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        forEachContainer(kustomization, (where, pod, c) -> {
            ResourceRequirements r = Optional.ofNullable(c.getResources()).orElseGet(ResourceRequirements::new);
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = Optional.ofNullable(r.getRequests()).map(m -> m.get(resource)).orElse(null);
                Quantity limit = Optional.ofNullable(r.getLimits()).map(m -> m.get(resource)).orElse(null);
                soft.assertThat(request).as("%s: resources.requests.%s", where, resource).isNotNull();
                soft.assertThat(limit).as("%s: resources.limits.%s", where, resource).isNotNull();
                if (request != null && limit != null) {
                    soft.assertThat(request.getNumericalAmount())
                            .as("%s: %s request %s is above its limit %s", where, resource, request, limit)
                            .isLessThanOrEqualTo(limit.getNumericalAmount());
                }
            }
        });
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyContainerRunsAsNonRootOnAReadOnlyFilesystemWithoutCapabilities(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        forEachContainer(kustomization, (where, pod, c) -> {
            SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
            boolean podNonRoot = pod.getSecurityContext() != null
                    && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
            soft.assertThat(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || podNonRoot && sc.getRunAsNonRoot() == null)
                    .as("%s: runAsNonRoot", where).isTrue();
            soft.assertThat(sc.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", where).isTrue();
            soft.assertThat(sc.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", where).isFalse();
            soft.assertThat(sc.getPrivileged()).as("%s: privileged", where).isNotEqualTo(Boolean.TRUE);
            soft.assertThat(sc.getCapabilities() == null ? List.<String>of() : sc.getCapabilities().getDrop())
                    .as("%s: capabilities.drop", where).contains("ALL");
            soft.assertThat(sc.getCapabilities() == null ? List.<String>of() : sc.getCapabilities().getAdd())
                    .as("%s: capabilities.add", where).isNullOrEmpty();
            soft.assertThat(c.getVolumeMounts()).as("%s: a writable /tmp", where)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        });
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void podsUseRuntimeDefaultSeccompAndNoServiceAccountToken(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        for (Deployment d : Manifests.deployments(kustomization)) {
            String where = kustomization + " Deployment " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            soft.assertThat(pod.getAutomountServiceAccountToken()).as("%s: automountServiceAccountToken", where).isFalse();
            soft.assertThat(pod.getServiceAccountName()).as("%s: serviceAccountName", where)
                    .isEqualTo(d.getMetadata().getName());
            soft.assertThat(pod.getSecurityContext() == null || pod.getSecurityContext().getSeccompProfile() == null
                    ? null : pod.getSecurityContext().getSeccompProfile().getType())
                    .as("%s: seccompProfile", where).isEqualTo("RuntimeDefault");
            soft.assertThat(pod.getVolumes()).as("%s: /tmp is an emptyDir", where)
                    .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyImageIsPinnedToTheProjectVersion(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        forEachContainer(kustomization, (where, pod, c) -> {
            String image = c.getImage();
            soft.assertThat(image).as("%s: image", where).isNotBlank();
            if (image == null) {
                return;
            }
            String last = image.substring(image.lastIndexOf('/') + 1);
            soft.assertThat(last.contains(":") || last.contains("@")).as("%s: image %s has no tag", where, image).isTrue();
            soft.assertThat(image).as("%s: image %s", where, image).doesNotEndWith(":latest").matches(PINNED);
            soft.assertThat(c.getImagePullPolicy()).as("%s: imagePullPolicy", where).isNotEqualTo("Always");
            soft.assertThat(image).as("%s: the tag Jib builds (the project version)", where).endsWith(":" + VERSION);
        });
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceHasItsCompanions(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            for (String kind : List.of("Service", "ServiceAccount", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy",
                    "ServiceMonitor")) {
                soft.assertThat(Manifests.find(kustomization, kind, service)).as("%s: %s %s", kustomization, kind, service)
                        .isPresent();
            }
        }
        for (String service : List.of("promise-service", "analytics-service")) {
            soft.assertThat(Manifests.find(kustomization, "HorizontalPodAutoscaler", service))
                    .as("%s: HorizontalPodAutoscaler %s", kustomization, service).isPresent();
        }
        soft.assertAll();
    }

    @Test
    void devRunsOneOfEachAndProdThreeSpreadOverNodes() {
        SoftAssertions soft = new SoftAssertions();
        for (Deployment d : Manifests.deployments("overlays/dev")) {
            soft.assertThat(d.getSpec().getReplicas()).as("dev %s replicas", d.getMetadata().getName()).isEqualTo(1);
        }
        for (Deployment d : Manifests.deployments("overlays/prod")) {
            String name = d.getMetadata().getName();
            soft.assertThat(d.getSpec().getReplicas()).as("prod %s replicas", name).isEqualTo(3);
            var affinity = d.getSpec().getTemplate().getSpec().getAffinity();
            soft.assertThat(affinity == null ? null : affinity.getPodAntiAffinity()).as("prod %s podAntiAffinity", name)
                    .isNotNull();
            if (affinity != null && affinity.getPodAntiAffinity() != null) {
                soft.assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                        .as("prod %s spreads over hostnames", name)
                        .anySatisfy(t -> {
                            assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                            assertThat(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                                    .containsEntry("app.kubernetes.io/name", name);
                        });
            }
        }
        for (var hpa : Manifests.ofKind("overlays/prod", "HorizontalPodAutoscaler")) {
            soft.assertThat(((Map<?, ?>) hpa.get("spec")).get("minReplicas")).as("prod HPA minReplicas").isEqualTo(3);
        }
        soft.assertAll();
    }

    private static void probe(SoftAssertions soft, String where, String kind, Probe probe, String path, Container c) {
        soft.assertThat(probe).as("%s: %s", where, kind).isNotNull();
        if (probe == null) {
            return;
        }
        soft.assertThat(probe.getHttpGet()).as("%s: %s.httpGet", where, kind).isNotNull();
        if (probe.getHttpGet() == null) {
            return;
        }
        soft.assertThat(probe.getHttpGet().getPath()).as("%s: %s path", where, kind).isEqualTo(path);
        var port = probe.getHttpGet().getPort();
        List<String> ports = new ArrayList<>();
        c.getPorts().forEach(p -> {
            ports.add(p.getName());
            ports.add(String.valueOf(p.getContainerPort()));
        });
        soft.assertThat(ports).as("%s: %s port %s is a container port", where, kind, port)
                .contains(port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal()));
    }

    /**
     * A rolling update loses no request: on SIGTERM a service keeps serving for QUARKUS_SHUTDOWN_DELAY (readiness DOWN,
     * so the Service drops the pod meanwhile), then waits QUARKUS_SHUTDOWN_TIMEOUT for the requests in flight, then
     * KEPT_OUTBOX_STOP_WAIT for its relay; all of it must end before the kubelet's SIGKILL, with 5 s to spare.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void aStoppingReplicaDrainsWithinItsGracePeriod(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            Map<String, String> env = ServiceEnvironmentTest.environment(kustomization, service);
            java.time.Duration delay = duration(env.get("QUARKUS_SHUTDOWN_DELAY"));
            java.time.Duration drain = duration(env.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "10s"));
            java.time.Duration relay = duration(env.getOrDefault("KEPT_OUTBOX_STOP_WAIT", "PT5S"));
            long grace = Optional.ofNullable(Manifests.deployment(kustomization, service).getSpec().getTemplate().getSpec()
                    .getTerminationGracePeriodSeconds()).orElse(30L);
            soft.assertThat(delay.getSeconds()).as("%s %s: QUARKUS_SHUTDOWN_DELAY, for the Service to drop the pod",
                    kustomization, service).isGreaterThanOrEqualTo(3);
            soft.assertThat(delay.plus(drain).plus(relay).getSeconds())
                    .as("%s %s: shutdown delay + drain + relay stop against terminationGracePeriodSeconds %d",
                            kustomization, service, grace)
                    .isLessThanOrEqualTo(grace - 5);
        }
        soft.assertAll();
    }

    /** A Quarkus duration as the manifests write it: ISO-8601 (PT5S) or a number and a unit (5s). */
    private static java.time.Duration duration(String value) {
        if (value == null) {
            return java.time.Duration.ZERO;
        }
        if (value.startsWith("P")) {
            return java.time.Duration.parse(value);
        }
        return java.time.Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
    }

    interface ContainerCheck {
        void check(String where, PodSpec pod, Container container);
    }

    static void forEachContainer(String kustomization, ContainerCheck check) {
        for (Deployment d : Manifests.deployments(kustomization)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            List<Container> all = new ArrayList<>(pod.getContainers());
            all.addAll(pod.getInitContainers());
            for (Container c : all) {
                check.check(kustomization + " Deployment " + d.getMetadata().getName() + " container " + c.getName(), pod, c);
            }
        }
    }
}
