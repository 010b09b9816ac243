package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes sure a namespace exists. One the scenario creates is deleted on undo; one that was there (istio-system on a
 * cluster with Istio, a user's namespace) is left alone, never deleted.
 *
 * <p>Deleting a namespace is finished by the namespace controller (kube-controller-manager): it deletes what is inside
 * and then removes the {@code kubernetes} finalizer. A bare API server runs no controllers, so there a deleted
 * namespace would stay Terminating forever and the next run could not create anything in it. On such a cluster this
 * step checks that the deletion was requested, then does the controller's last part itself: it finalizes the
 * namespace (PUT .../finalize with no finalizers) and deletes it again. It deletes nothing inside: the scenario's
 * other steps have deleted their objects before (restore runs in reverse order) and their restore checks have
 * verified, by name, that each is gone.
 */
final class NamespaceStep implements Step {

    private static final Duration CONTROLLER_WAIT = Duration.ofMinutes(2);
    private static final Duration FINALIZED_WAIT = Duration.ofSeconds(10);

    private final String namespace;
    private final Map<String, String> labels;
    private boolean created;

    NamespaceStep(String namespace, Map<String, String> labels) {
        this.namespace = namespace;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public String name() {
        return "Namespace/" + namespace;
    }

    @Override
    public String plan() {
        return "create namespace " + namespace + (labels.isEmpty() ? "" : " with labels " + labels) + " unless it exists";
    }

    @Override
    public String apply(Cluster cluster) {
        Namespace existing = cluster.client().namespaces().withName(namespace).get();
        if (existing != null) {
            if (existing.getMetadata().getDeletionTimestamp() != null) {
                throw new IllegalStateException("namespace " + namespace + " is being deleted (Terminating since "
                        + existing.getMetadata().getDeletionTimestamp() + "), left by an earlier run; wait or finish its deletion");
            }
            return "exists already, left as it is";
        }
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(labels)
                .endMetadata().build()).create();
        created = true;
        return "created";
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        Namespace actual = cluster.client().namespaces().withName(namespace).get();
        if (actual == null) {
            return Optional.of("namespace " + namespace + " does not exist after apply");
        }
        Map<String, String> actualLabels = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        if (created && !actualLabels.entrySet().containsAll(labels.entrySet())) {
            return Optional.of("namespace " + namespace + " has labels " + actualLabels + ", wanted " + labels);
        }
        return Optional.empty();
    }

    @Override
    public String undo(Cluster cluster) {
        if (!created) {
            return "not created by this run, left as it is";
        }
        if (cluster.runsControllers()) {
            // Everything in a namespace this run created is the run's own: its pods need no graceful stop, which would
            // only keep the namespace Terminating for the sidecar's drain (5 s) and the apps' grace periods.
            cluster.client().pods().inNamespace(namespace).withGracePeriod(0).delete();
            cluster.client().namespaces().withName(namespace).delete();
            return "deletion requested (its pods without grace period)";
        }
        cluster.client().namespaces().withName(namespace).delete();
        Namespace terminating = cluster.client().namespaces().withName(namespace).get();
        if (terminating == null) {
            return "deleted";
        }
        if (terminating.getMetadata().getDeletionTimestamp() == null) {
            throw new IllegalStateException("namespace " + namespace + " was deleted but shows no deletionTimestamp");
        }
        terminating.getSpec().setFinalizers(List.of());
        cluster.client().raw(cluster.client().getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + namespace
                + "/finalize", "PUT", terminating);
        cluster.client().namespaces().withName(namespace).delete();
        return "deletion requested; finalized in place of the namespace controller (the cluster runs none)";
    }

    /**
     * The namespace controller starts on a deleted namespace only 5 s after the deletion (Kubernetes'
     * namespaceDeletionGracePeriod), and no other step's undo creates or deletes a namespace: a scenario's namespaces
     * are waited for together, at the end of the restore.
     */
    @Override
    public boolean checksUndoneLast() {
        return true;
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        if (!created) {
            return cluster.client().namespaces().withName(namespace).get() == null
                    ? Optional.of("namespace " + namespace + " existed before the scenario and is gone now")
                    : Optional.empty();
        }
        Duration wait = cluster.runsControllers() ? CONTROLLER_WAIT : FINALIZED_WAIT;
        boolean gone = BoundedWait.until(() -> cluster.client().namespaces().withName(namespace).get() == null, wait);
        return gone ? Optional.empty() : Optional.of("namespace " + namespace + " still exists " + wait.toSeconds() + " s after its deletion");
    }
}
