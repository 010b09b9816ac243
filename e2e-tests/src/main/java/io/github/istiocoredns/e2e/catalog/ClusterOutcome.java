package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the cluster tier expects from a meshed client once a variant is set up. */
public enum ClusterOutcome {
    /** my-fruits.internal resolves to the fixed clusterIP and GET http://my-fruits.internal/... reaches fruits-api. */
    @JsonProperty("resolves-and-routes") RESOLVES_AND_ROUTES,
    /** The name resolves, but the request does not reach fruits-api; evidence: what the client gets. */
    @JsonProperty("resolves-not-routed") RESOLVES_NOT_ROUTED,
    /** The name does not resolve. */
    @JsonProperty("not-resolved") NOT_RESOLVED,
    /** istiocoredns's CoreDNS container keeps exiting; evidence: the line it logs. */
    @JsonProperty("istiocoredns-crashloop") ISTIOCOREDNS_CRASHLOOP,
    /** An image cannot be pulled; evidence: part of the pull error. */
    @JsonProperty("image-unpullable") IMAGE_UNPULLABLE,
    /** The API server rejects an object, so nothing runs; evidence: part of its message. */
    @JsonProperty("apply-rejected") APPLY_REJECTED,
    /** The cluster tier does not run this variant; evidence: why. */
    @JsonProperty("not-applicable") NOT_APPLICABLE
}
