package io.github.istiocoredns.e2e.scenario;

import io.github.istiocoredns.e2e.cluster.Cluster;
import java.util.Optional;

/**
 * One named change to a cluster, with its undo and the checks of both. A step keeps what it needs to undo
 * (whether it created an object, the backup of what it changed), so an instance serves one run; {@link #undo} must
 * be safe to call when {@link #apply} failed or was never called.
 */
public interface Step {

    /** A short name, e.g. {@code Service/micro-shake-factory/fruits-api-service}. */
    String name();

    /** What will change, said before it changes, e.g. {@code create Service ... with clusterIP 10.103.1.1}. */
    String plan();

    /** Makes the change; returns what the server did (created, replaced, appended ...). */
    String apply(Cluster cluster);

    /** After apply: what is not as intended, or empty. */
    Optional<String> check(Cluster cluster);

    /** Reverts what apply did (nothing if it did nothing); returns what was done. */
    String undo(Cluster cluster);

    /** After undo: what is not as it was before apply, or empty. */
    Optional<String> checkUndone(Cluster cluster);

    /**
     * Whether {@link #checkUndone} may wait until every step is undone, instead of running right after this step's own
     * undo: for an undo that the cluster finishes on its own time and that no earlier step's undo can change (a
     * namespace deletion), so that such waits overlap instead of adding up.
     */
    default boolean checksUndoneLast() {
        return false;
    }
}
