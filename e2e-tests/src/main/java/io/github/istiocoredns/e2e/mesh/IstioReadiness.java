package io.github.istiocoredns.e2e.mesh;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.probe.Eventually;
import java.time.Duration;
import java.util.List;

/**
 * Waits, bounded, until Istio can mesh a workload: istiod's Deployment is available, the injector's webhook is
 * registered, and a pod created as a dry run in an injection-labelled namespace comes back with the proxy. Only the
 * last proves the injector answers; without it the first meshed pods of a fresh cluster start without sidecars.
 */
public final class IstioReadiness {

    /** The namespace the dry run uses; created for this and deleted afterwards. */
    public static final String PROBE_NAMESPACE = "istiocoredns-injector-probe";
    private static final String INJECTION_LABEL = "istio-injection";

    private final KubernetesClient client;
    private final Duration atMost;
    private final String probeImage;

    /** @param probeImage any image name for the dry-run pod (never pulled: nothing is created) */
    public IstioReadiness(KubernetesClient client, Duration atMost, String probeImage) {
        this.client = client;
        this.atMost = atMost;
        this.probeImage = probeImage;
    }

    public void await() {
        Eventually eventually = new Eventually(atMost).withPollInterval(Duration.ofSeconds(2));
        eventually.until("Deployment istio-system/istiod has an available replica", this::istiod, state -> state.available() >= 1);
        eventually.until("MutatingWebhookConfiguration " + SidecarInjection.INJECTOR_WEBHOOK + " exists",
                () -> client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(SidecarInjection.INJECTOR_WEBHOOK).get() != null,
                present -> present);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(PROBE_NAMESPACE).addToLabels(INJECTION_LABEL, "enabled")
                .endMetadata().build()).serverSideApply();
        try {
            eventually.withConsecutiveSuccesses(2).until("a dry-run pod in namespace " + PROBE_NAMESPACE + " gets container "
                    + SidecarInjection.PROXY_CONTAINER + " from the injector", this::dryRunContainers,
                    names -> names.contains(SidecarInjection.PROXY_CONTAINER));
        } finally {
            client.namespaces().withName(PROBE_NAMESPACE).delete();
        }
    }

    /**
     * istiod's available replicas and, while there are none, why its pods wait: a timeout then says, for example,
     * that the cluster cannot pull docker.io/istio/pilot (a private registry, an air gap) instead of "0".
     */
    record IstiodState(int available, List<String> waiting) {

        @Override
        public String toString() {
            return available + " available" + (waiting.isEmpty() ? "" : "; " + String.join("; ", waiting));
        }
    }

    private IstiodState istiod() {
        Deployment istiod = client.apps().deployments().inNamespace(IstioInstallPlan.NAMESPACE).withName("istiod").get();
        if (istiod == null) {
            return new IstiodState(0, List.of("no Deployment istio-system/istiod"));
        }
        Integer available = istiod.getStatus() == null ? null : istiod.getStatus().getAvailableReplicas();
        if (available != null && available > 0) {
            return new IstiodState(available, List.of());
        }
        List<Pod> pods = client.pods().inNamespace(IstioInstallPlan.NAMESPACE).withLabels(istiod.getSpec().getSelector().getMatchLabels())
                .list().getItems();
        return new IstiodState(0, pods.isEmpty() ? List.of("no istiod pod yet") : pods.stream().map(IstioReadiness::waitingReason).toList());
    }

    /** "pod istiod-x: ErrImagePull (image docker.io/istio/pilot:1.30.5): <the runtime's message>", or its phase. */
    static String waitingReason(Pod pod) {
        String name = "pod " + pod.getMetadata().getName();
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
            return name + ": " + (pod.getStatus() == null ? "no status" : pod.getStatus().getPhase());
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .map(c -> name + ": " + c.getState().getWaiting().getReason() + " (image " + c.getImage() + ")"
                        + (c.getState().getWaiting().getMessage() == null ? "" : ": " + oneLine(c.getState().getWaiting().getMessage())))
                .findFirst().orElse(name + ": " + pod.getStatus().getPhase() + ", not ready");
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 240 ? line.substring(0, 240) + "..." : line;
    }

    private List<String> dryRunContainers() {
        Pod pod = new PodBuilder().withNewMetadata().withName("injector-probe").withNamespace(PROBE_NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("probe").withImage(probeImage).endContainer().endSpec()
                .build();
        return SidecarInjection.names(client.resource(pod).dryRun().create());
    }
}
