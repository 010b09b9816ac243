package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the API-server tier expects when it applies a variant's objects. */
public enum ApiServerOutcome {
    @JsonProperty("applies") APPLIES,
    /** An object is rejected; messageFragment is part of the server's message. */
    @JsonProperty("rejected") REJECTED
}
