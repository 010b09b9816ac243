package io.github.istiocoredns.e2e.clustertier;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.fruits.ParityCase;
import io.github.istiocoredns.fruits.ParityCheck;
import io.github.istiocoredns.fruits.ParityTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our fruits-api and the article's image side by side in the cluster (unmeshed, namespace {@value #NAMESPACE}), each
 * asked every row of fruits-api's parity table that was observed on the original, through a port-forward on loopback.
 */
final class ParityInCluster {

    static final String NAMESPACE = "istiocoredns-parity";
    static final int PORT = 3000;
    private static final Duration START_BOUND = Duration.ofMinutes(5);

    /** How the comparison went: why it could not run, or each row's mismatches (empty: parity holds). */
    record Outcome(String notRun, int rows, List<String> mismatches) {
    }

    private final Cluster cluster;

    ParityInCluster(Cluster cluster) {
        this.cluster = cluster;
    }

    Outcome compare(String ourImage, String originalImage, String appVersion) {
        cluster.client().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        try {
            Pod ours = start("ours", ourImage, appVersion);
            Pod original = start("original", originalImage, appVersion);
            Optional<String> blocked = awaitRunning(List.of(ours, original));
            if (blocked.isPresent()) {
                return new Outcome(blocked.get(), 0, List.of());
            }
            List<ParityCase> rows = ParityTable.originalRows(appVersion);
            List<String> mismatches = new ArrayList<>();
            try (LocalPortForward toOurs = forward(ours); LocalPortForward toOriginal = forward(original)) {
                URI oursUri = URI.create("http://localhost:" + toOurs.getLocalPort());
                URI originalUri = URI.create("http://localhost:" + toOriginal.getLocalPort());
                for (ParityCase row : rows) {
                    check("original " + originalImage, row, originalUri, mismatches);
                    check("ours " + ourImage, row, oursUri, mismatches);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("port-forward to the parity pods failed", e);
            }
            return new Outcome(null, rows.size(), mismatches);
        } finally {
            cluster.client().namespaces().withName(NAMESPACE).delete();
        }
    }

    private static void check(String who, ParityCase row, URI uri, List<String> mismatches) {
        try {
            ParityCheck.assertMatches(row, ParityCheck.send(uri, row));
        } catch (AssertionError e) {
            mismatches.add(who + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
    }

    private Pod start(String name, String image, String appVersion) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", "parity-" + name).endMetadata()
                .withNewSpec().addNewContainer().withName("fruits-api").withImage(image).withImagePullPolicy("IfNotPresent")
                .addNewPort().withContainerPort(PORT).endPort().addNewEnv().withName("app_version").withValue(appVersion).endEnv()
                .endContainer().endSpec().build();
        return cluster.client().resource(pod).serverSideApply();
    }

    /** Empty when both run; else why not (an image that cannot be pulled). */
    private Optional<String> awaitRunning(List<Pod> pods) {
        List<Pod> seen = new Eventually(START_BOUND).withPollInterval(Duration.ofSeconds(2)).until("both fruits-api pods run, or one cannot pull",
                () -> pods.stream().map(p -> cluster.client().pods().inNamespace(NAMESPACE).withName(p.getMetadata().getName()).get()).toList(),
                current -> current.stream().allMatch(p -> p != null && WorkloadState.ready(p)) || WorkloadState.pullFailure(current).isPresent())
                .value();
        return WorkloadState.pullFailure(seen);
    }

    private LocalPortForward forward(Pod pod) {
        return cluster.client().pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).portForward(PORT);
    }
}
