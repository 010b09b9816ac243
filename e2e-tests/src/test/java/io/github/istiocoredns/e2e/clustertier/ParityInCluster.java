package io.github.istiocoredns.e2e.clustertier;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.variantrun.PullFailures;
import io.github.istiocoredns.e2e.variantrun.VariantRun;
import io.github.istiocoredns.e2e.variantrun.WorkloadState;
import io.github.istiocoredns.fruits.ParityCase;
import io.github.istiocoredns.fruits.ParityCheck;
import io.github.istiocoredns.fruits.ParityTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Our fruits-api and the article's image side by side in the cluster (unmeshed, namespace {@value #NAMESPACE}), each
 * asked every row of fruits-api's parity table that was observed on the original, through a port-forward on loopback.
 */
final class ParityInCluster {

    static final String NAMESPACE = "istiocoredns-parity";
    static final int PORT = 3000;
    private static final Duration START_BOUND = Duration.ofMinutes(5);

    /**
     * How the comparison went: why it could not run (only ever because the published original cannot be pulled), or each
     * row's mismatches (empty: parity holds).
     */
    record Outcome(String notRun, int rows, List<String> mismatches) {
    }

    private final Cluster cluster;
    private final Function<String, Optional<String>> prePullFailure;

    /** @param prePullFailure why the tier's own pull of an image failed, or empty */
    ParityInCluster(Cluster cluster, Function<String, Optional<String>> prePullFailure) {
        this.cluster = cluster;
        this.prePullFailure = prePullFailure;
    }

    Outcome compare(String ourImage, String originalImage, String appVersion) {
        cluster.client().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        try {
            Pod ours = start("ours", ourImage, appVersion);
            Pod original = start("original", originalImage, appVersion);
            Optional<String> originalUnpullable = awaitRunning(ours, original);
            if (originalUnpullable.isPresent()) {
                return new Outcome(originalUnpullable.get(), 0, List.of());
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

    /**
     * Empty when both run; the original's pull failure when it cannot be pulled for good ({@link PullFailures}). Our own
     * image not running is never a reason to skip: it came from this build, so that is a failure of the run.
     */
    private Optional<String> awaitRunning(Pod ours, Pod original) {
        PullFailures pulls = new PullFailures(VariantRun.PULL_PERSISTENCE, prePullFailure);
        AtomicReference<PullFailures.Failure> failed = new AtomicReference<>();
        new Eventually(START_BOUND).withPollInterval(Duration.ofSeconds(2)).until("both fruits-api pods run, or one cannot be pulled",
                () -> List.of(current(ours), current(original)), now -> {
                    pulls.persistent(now, Instant.now()).ifPresent(failed::set);
                    return failed.get() != null || now.stream().allMatch(p -> p != null && WorkloadState.ready(p));
                });
        return Optional.ofNullable(failed.get()).map(failure -> skipReason(failure, ours.getMetadata().getName()));
    }

    /** The original's final pull failure is a reason to skip; ours is a failure of this run and throws. */
    static String skipReason(PullFailures.Failure failure, String ourPod) {
        if (failure.pod().equals(ourPod)) {
            throw new IllegalStateException("our fruits-api image did not run in the cluster (it was imported from this build): " + failure.text());
        }
        return failure.text();
    }

    private Pod current(Pod pod) {
        return cluster.client().pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get();
    }

    private LocalPortForward forward(Pod pod) {
        return cluster.client().pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).portForward(PORT);
    }
}
