package io.github.istiocoredns.e2e.clustertier;

import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides up front whether the cluster tier can run, and if not, the one line that says why and what to do. Decided
 * before anything starts: a bounded pull of the k3s image instead of Testcontainers' two-minute retries.
 */
final class ClusterTierPrerequisite {

    static final Duration PULL_BOUND = Duration.ofMinutes(3);
    static final String HINT = "run on a machine with internet (GitHub Actions: e2e.yml) or point -Dkubeconfig at a cluster with "
            + "-D" + ClusterChoice.CLUSTER_PROPERTY + "=existing";

    private ClusterTierPrerequisite() {
    }

    /**
     * @param k3sImage looks at the k3s image (asked only when the choice is k3s)
     * @param fruitsTarball the Jib tarball imported into k3s
     */
    static Optional<String> missing(ClusterChoice choice, Supplier<ImagePresence.Finding> k3sImage, Path fruitsTarball) {
        Optional<String> choiceProblem = choice.missing();
        if (choiceProblem.isPresent()) {
            return choiceProblem;
        }
        if (choice.kind() == ClusterChoice.Kind.EXISTING) {
            return Optional.empty();
        }
        Optional<String> image = k3sImage.get().missing();
        if (image.isPresent()) {
            return Optional.of(image.get() + "; " + HINT);
        }
        if (!Files.isRegularFile(fruitsTarball)) {
            return Optional.of("the fruits-api image tarball " + fruitsTarball + " is not built (./mvnw -pl fruits-api package writes it)");
        }
        return Optional.empty();
    }
}
