package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the corefile tier expects of a variant's istiocoredns Corefile on its CoreDNS version. */
public enum CorefileOutcome {
    /** CoreDNS starts and, behind kube-dns, answers my-fruits.internal. */
    @JsonProperty("starts-and-resolves") STARTS_AND_RESOLVES,
    /** CoreDNS starts but my-fruits.internal gets no answer (the Corefile does not serve the zone). */
    @JsonProperty("starts-not-resolved") STARTS_NOT_RESOLVED,
    /** CoreDNS exits at startup; errorLine is the line it logs. */
    @JsonProperty("rejected-at-startup") REJECTED_AT_STARTUP,
    /** The variant has no istiocoredns Corefile. */
    @JsonProperty("not-applicable") NOT_APPLICABLE
}
