package io.github.istiocoredns.e2e.variantrun;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.probe.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes kube-dns pick up a changed configuration the way coredns/ci does: delete its pods and wait until only new,
 * ready ones serve. The Deployment itself is not touched (a rollout annotation would survive the restore).
 */
public final class KubeDns {

    public static final String NAMESPACE = "kube-system";
    public static final String LABEL = "k8s-app";
    public static final String LABEL_VALUE = "kube-dns";
    private static final Duration RESTART_BOUND = Duration.ofMinutes(2);

    private final KubernetesClient client;

    public KubeDns(KubernetesClient client) {
        this.client = client;
    }

    public void restart() {
        Set<String> old = pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        client.pods().inNamespace(NAMESPACE).withLabel(LABEL, LABEL_VALUE).delete();
        new Eventually(RESTART_BOUND).withPollInterval(Duration.ofSeconds(2)).until(
                "kube-dns serves from new, ready pods only (old: " + old + ")", this::pods,
                pods -> !pods.isEmpty() && pods.stream().allMatch(p -> !old.contains(p.getMetadata().getName()) && WorkloadState.ready(p)));
    }

    public List<Pod> pods() {
        return client.pods().inNamespace(NAMESPACE).withLabel(LABEL, LABEL_VALUE).list().getItems();
    }
}
