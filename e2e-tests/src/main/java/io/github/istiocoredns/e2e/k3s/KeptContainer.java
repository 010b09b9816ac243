package io.github.istiocoredns.e2e.k3s;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A container that outlives the JVM ({@value K3sCluster#KEEP_PROPERTY}). Testcontainers labels every
 * container it starts with its session and removes those at JVM exit: Ryuk does, and so does the JVM
 * hook that replaces Ryuk when it is disabled (as this project's pom does). Only a reusable container
 * goes without that label, so a kept one is started as reusable; a label unique to this start keeps
 * Testcontainers from handing back a cluster an earlier run left behind, with that run's state.
 */
final class KeptContainer {
    static final String LABEL = "io.github.istiocoredns.kept-since";
    static final String REUSE_ENVIRONMENT_VARIABLE = "TESTCONTAINERS_REUSE_ENABLE";

    private KeptContainer() {
    }

    /**
     * Marks the container to be kept when asked, and says what stands in the way.
     *
     * @return why the container will be removed at JVM exit all the same, if it will
     */
    static Optional<String> configure(GenericContainer<?> container, boolean keep, BooleanSupplier environmentSupportsReuse) {
        if (!keep) {
            return Optional.empty();
        }
        container.withReuse(true).withLabel(LABEL, Instant.now().toString());
        if (environmentSupportsReuse.getAsBoolean()) {
            return Optional.empty();
        }
        return Optional.of("k3s will be removed when the JVM exits although -D" + K3sCluster.KEEP_PROPERTY
                + "=true: Testcontainers keeps only reusable containers, and reuse is off here (set "
                + REUSE_ENVIRONMENT_VARIABLE + "=true for the test JVM; the Maven build does so with -D"
                + K3sCluster.KEEP_PROPERTY + "=true)");
    }

    static boolean environmentSupportsReuse() {
        return TestcontainersConfiguration.getInstance().environmentSupportsReuse();
    }
}
