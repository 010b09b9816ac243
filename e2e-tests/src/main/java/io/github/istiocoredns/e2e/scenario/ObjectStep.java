package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.LoadedObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts one object of a variant's manifests on the cluster. If it does not exist it is created (and deleted on undo);
 * if it does (a user's cluster, a leftover), it is backed up, replaced, and the backup put back on undo.
 */
final class ObjectStep implements Step {

    private static final Duration DELETION_WAIT = Duration.ofSeconds(30);

    private final HasMetadata desired;
    private final String detail;
    private boolean created;
    private HasMetadata backup;

    /** @param detail what is special about this object, for the plan line (may be empty) */
    ObjectStep(HasMetadata desired, String detail) {
        this.desired = ObjectContent.stripped(desired);
        this.detail = detail;
    }

    @Override
    public String name() {
        return LoadedObject.refOf(desired);
    }

    @Override
    public String plan() {
        return "create or replace " + name() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    @Override
    public String apply(Cluster cluster) {
        HasMetadata existing = cluster.client().resource(desired).get();
        if (existing == null) {
            cluster.client().resource(desired).create();
            created = true;
            return "created";
        }
        backup = ObjectContent.stripped(existing);
        HasMetadata replacement = ObjectContent.stripped(desired);
        replacement.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        cluster.client().resource(replacement).update();
        return "replaced an existing object (backed up)";
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        HasMetadata actual = cluster.client().resource(desired).get();
        if (actual == null) {
            return Optional.of(name() + " is not on the cluster after apply");
        }
        if (desired instanceof Service wanted && wanted.getSpec().getClusterIP() != null
                && !wanted.getSpec().getClusterIP().isEmpty() && actual instanceof Service got
                && !Objects.equals(wanted.getSpec().getClusterIP(), got.getSpec().getClusterIP())) {
            return Optional.of(name() + " has clusterIP " + got.getSpec().getClusterIP() + ", wanted " + wanted.getSpec().getClusterIP());
        }
        return Optional.empty();
    }

    @Override
    public String undo(Cluster cluster) {
        if (created) {
            cluster.client().resource(desired).delete();
            return "deleted";
        }
        if (backup != null) {
            HasMetadata current = cluster.client().resource(desired).get();
            HasMetadata restored = ObjectContent.stripped(backup);
            if (current == null) {
                cluster.client().resource(restored).create();
                return "re-created from the backup";
            }
            restored.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            cluster.client().resource(restored).update();
            return "put the backup back";
        }
        return "nothing to undo";
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        if (created) {
            boolean gone = BoundedWait.until(() -> cluster.client().resource(desired).get() == null, DELETION_WAIT);
            return gone ? Optional.empty() : Optional.of(name() + " still exists " + DELETION_WAIT.toSeconds() + " s after its deletion");
        }
        if (backup != null) {
            HasMetadata current = cluster.client().resource(desired).get();
            if (current == null) {
                return Optional.of(name() + " existed before the scenario and is gone now");
            }
            if (!ObjectContent.of(current).equals(ObjectContent.of(backup))) {
                return Optional.of(name() + " differs from its backup: before " + ObjectContent.of(backup) + ", now " + ObjectContent.of(current));
            }
        }
        return Optional.empty();
    }
}
