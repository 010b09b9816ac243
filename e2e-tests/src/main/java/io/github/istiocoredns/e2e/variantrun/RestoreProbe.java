package io.github.istiocoredns.e2e.variantrun;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.probe.Eventually;
import java.time.Duration;
import java.util.List;

/**
 * An unmeshed pod, started once per run, that checks after each restore that the stub name no longer resolves, and
 * before the first variant that the cluster's own DNS works at all and says NXDOMAIN for the stub name.
 */
public final class RestoreProbe {

    public static final String NAMESPACE = "istiocoredns-restore-probe";
    static final String APP = "restore-probe";
    /** A name every cluster's DNS serves: the API server's Service. */
    public static final String KNOWN_NAME = "kubernetes.default.svc.cluster.local";
    private static final Duration POD_BOUND = Duration.ofMinutes(4);
    private static final Duration CLUSTER_DNS_BOUND = Duration.ofSeconds(60);

    private RestoreProbe() {
    }

    /** The client image of the manifests (never hard-coded here): the restore probe uses the same dig. */
    public static String clientImage(VariantSetup setup, List<Variant> variants) {
        return variants.stream().flatMap(v -> setup.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(c -> MeshClient.CONTAINER.equals(c.getName())).map(Container::getImage).findFirst()
                .orElseThrow(() -> new IllegalStateException("no variant deploys a container named " + MeshClient.CONTAINER));
    }

    public static MeshClient start(Cluster cluster, String image) {
        cluster.client().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        Pod pod = new PodBuilder().withNewMetadata().withName(APP).withNamespace(NAMESPACE).addToLabels("app", APP).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName(MeshClient.CONTAINER).withImage(image)
                .withCommand("/bin/sh", "-c", "trap 'exit 0' TERM INT; sleep 86400 & wait").endContainer().endSpec().build();
        cluster.client().resource(pod).serverSideApply();
        new Eventually(POD_BOUND).withPollInterval(Duration.ofSeconds(2)).until("pod " + NAMESPACE + "/" + APP + " is ready",
                () -> cluster.client().pods().inNamespace(NAMESPACE).withName(APP).get(), p -> p != null && WorkloadState.ready(p));
        return new MeshClient(cluster.client(), NAMESPACE, APP);
    }

    /**
     * Before the first variant: kube-dns must answer a name every cluster has with that Service's address, else every
     * DNS verdict of the run would say something about a broken cluster DNS rather than about the variant.
     */
    public static void requireClusterDns(Cluster cluster, MeshClient probe) {
        Service kubernetes = cluster.client().services().inNamespace("default").withName("kubernetes").get();
        if (kubernetes == null || kubernetes.getSpec().getClusterIP() == null) {
            throw new IllegalStateException("the cluster has no Service default/kubernetes with a clusterIP, so its DNS cannot be checked");
        }
        String address = kubernetes.getSpec().getClusterIP();
        try {
            new Eventually(CLUSTER_DNS_BOUND).withPollInterval(Duration.ofSeconds(2)).withConsecutiveSuccesses(2).until(
                    KNOWN_NAME + " resolves to A " + address + " from pod " + NAMESPACE + "/" + APP,
                    () -> probe.resolve(KNOWN_NAME), answer -> answer.resolvesTo(address));
        } catch (ConditionNotMetError e) {
            throw new IllegalStateException("cluster DNS is broken, so no variant can be judged: " + e.getMessage(), e);
        }
        requireStubNameAbsent(probe);
    }

    /**
     * Before the first variant: the stub name must be NXDOMAIN, the evidence every restore check and every
     * "not resolved" verdict compares with. kube-dns sends it to its upstream (forward . /etc/resolv.conf); an upstream
     * that does not answer gives SERVFAIL, which a stub block still forwarding to a deleted istiocoredns gives too.
     */
    static void requireStubNameAbsent(MeshClient probe) {
        try {
            awaitStubNameNxdomain(probe, CLUSTER_DNS_BOUND, Duration.ofSeconds(2), "from pod " + NAMESPACE + "/" + APP + " before any variant");
        } catch (ConditionNotMetError e) {
            throw new IllegalStateException("cluster DNS does not say NXDOMAIN for a name that exists nowhere, so a restore cannot be "
                    + "told from a stub block left behind (kube-dns's upstream resolver, forward . /etc/resolv.conf on the node, must "
                    + "answer): " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the probe sees the stub name NXDOMAIN twice in a row: before the first variant and after each restore.
     *
     * @throws ConditionNotMetError when it is not within {@code bound}, naming {@code when} and the last answer
     */
    static void awaitStubNameNxdomain(MeshClient probe, Duration bound, Duration pollInterval, String when) {
        new Eventually(bound).withPollInterval(pollInterval).withConsecutiveSuccesses(2).until(
                VariantProbe.NAME + " is NXDOMAIN " + when, () -> probe.resolve(VariantProbe.NAME), DnsAnswer::nxdomain);
    }
}
