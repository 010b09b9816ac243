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
        eventually.until("Deployment istio-system/istiod has an available replica", this::istiodReplicas, ready -> ready >= 1);
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

    private int istiodReplicas() {
        Deployment istiod = client.apps().deployments().inNamespace(IstioInstallPlan.NAMESPACE).withName("istiod").get();
        if (istiod == null || istiod.getStatus() == null || istiod.getStatus().getAvailableReplicas() == null) {
            return 0;
        }
        return istiod.getStatus().getAvailableReplicas();
    }

    private List<String> dryRunContainers() {
        Pod pod = new PodBuilder().withNewMetadata().withName("injector-probe").withNamespace(PROBE_NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("probe").withImage(probeImage).endContainer().endSpec()
                .build();
        return SidecarInjection.names(client.resource(pod).dryRun().create());
    }
}
