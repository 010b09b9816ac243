package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Steps and a cluster that only write down what is done to them, in one shared journal. */
final class FakeSteps {

    final List<String> journal = new ArrayList<>();

    /** A cluster without a client: the fake steps never call it. */
    static Cluster cluster() {
        return new Cluster() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public KubernetesClient client() {
                throw new UnsupportedOperationException("the fake cluster has no client");
            }

            @Override
            public Cidr serviceCidr() {
                return Cidr.parse("10.96.0.0/12");
            }

            @Override
            public boolean runsPods() {
                return false;
            }

            @Override
            public boolean runsControllers() {
                return false;
            }

            @Override
            public boolean hasKubeDns() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    enum Behaviour { WORKS, REJECTED, THROWS, CHECK_FAILS, UNDO_NOT_VERIFIED, CHECKED_LAST }

    Step step(String name, Behaviour behaviour) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String plan() {
                return "change " + name;
            }

            @Override
            public String apply(Cluster cluster) {
                journal.add("apply " + name);
                switch (behaviour) {
                    case REJECTED -> throw new KubernetesClientException("Service \"" + name + "\" is invalid: provided IP is not in the valid range", 422, null);
                    case THROWS -> throw new IllegalStateException("broken " + name);
                    default -> {
                        return "done";
                    }
                }
            }

            @Override
            public Optional<String> check(Cluster cluster) {
                journal.add("check " + name);
                return behaviour == Behaviour.CHECK_FAILS ? Optional.of(name + " not as intended") : Optional.empty();
            }

            @Override
            public String undo(Cluster cluster) {
                journal.add("undo " + name);
                return "undone";
            }

            @Override
            public Optional<String> checkUndone(Cluster cluster) {
                journal.add("checkUndone " + name);
                return behaviour == Behaviour.UNDO_NOT_VERIFIED ? Optional.of(name + " differs from its backup") : Optional.empty();
            }

            @Override
            public boolean checksUndoneLast() {
                return behaviour == Behaviour.CHECKED_LAST;
            }
        };
    }
}
