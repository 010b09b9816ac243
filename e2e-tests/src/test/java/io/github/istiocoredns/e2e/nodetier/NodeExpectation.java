package io.github.istiocoredns.e2e.nodetier;

import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;

/**
 * The node tier's expectation for a variant, derived from the catalog's cluster expectation. The local node has no
 * Istio: nothing intercepts the client's request, so kube-proxy sends a request for any Service clusterIP to the
 * Service. "Resolves but not routed" (Envoy's REGISTRY_ONLY refusal) therefore becomes "resolves and routes" there,
 * without the evidence of which Envoy cluster routed; every other outcome is decided before Envoy and stays as it is.
 */
final class NodeExpectation {

    static final String NO_ENVOY = "no Envoy on the local node: kube-proxy routes every clusterIP";

    private NodeExpectation() {
    }

    static Expectations.Cluster of(Expectations.Cluster cluster) {
        boolean routing = cluster.outcome() == ClusterOutcome.RESOLVES_NOT_ROUTED || cluster.outcome() == ClusterOutcome.RESOLVES_AND_ROUTES;
        if (!routing) {
            return cluster;
        }
        // Which Envoy cluster routed (the evidence of some routed variants) cannot be seen where no Envoy runs.
        return new Expectations.Cluster(ClusterOutcome.RESOLVES_AND_ROUTES, null, cluster.basis(), cluster.source() + " (" + NO_ENVOY + ")");
    }
}
