package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the cluster tier expects from a meshed client once a variant is set up. */
public enum ClusterOutcome {
    /** my-fruits.internal resolves to the fixed clusterIP and GET http://my-fruits.internal/... reaches fruits-api. */
    @JsonProperty("resolves-and-routes") RESOLVES_AND_ROUTES,
    /** The name resolves, but the mesh refuses the request (Envoy's own HTTP 502 under REGISTRY_ONLY); evidence: what the client gets. */
    @JsonProperty("resolves-not-routed") RESOLVES_NOT_ROUTED,
    /** The name does not exist: NXDOMAIN, nothing else; evidence: part of the answer. */
    @JsonProperty("not-resolved") NOT_RESOLVED,
    /** istiocoredns's CoreDNS container keeps exiting; evidence: the line it logs. */
    @JsonProperty("istiocoredns-crashloop") ISTIOCOREDNS_CRASHLOOP,
    /** An image cannot be pulled; evidence: part of the pull error. */
    @JsonProperty("image-unpullable") IMAGE_UNPULLABLE,
    /** The API server rejects an object, so nothing runs; evidence: part of its message. */
    @JsonProperty("apply-rejected") APPLY_REJECTED,
    /** The cluster tier does not run this variant; evidence: why. */
    @JsonProperty("not-applicable") NOT_APPLICABLE,
    /**
     * Observed only, never expected: the DNS answer was neither the expected record nor NXDOMAIN (SERVFAIL, REFUSED, a
     * timeout, another address). A broken DNS proves nothing about the name, so it agrees with no expectation.
     */
    @JsonProperty("dns-broken") DNS_BROKEN,
    /**
     * Observed only, never expected: the name resolved, but the request was neither answered by fruits-api through
     * Envoy nor refused by the mesh (a timeout, a reset, an upstream error, another body, or a response that bypassed
     * Envoy). It agrees with no expectation.
     */
    @JsonProperty("route-broken") ROUTE_BROKEN;

    /** Whether a catalog expectation may name this outcome (the broken ones are observations only). */
    public boolean expectable() {
        return this != DNS_BROKEN && this != ROUTE_BROKEN;
    }
}
