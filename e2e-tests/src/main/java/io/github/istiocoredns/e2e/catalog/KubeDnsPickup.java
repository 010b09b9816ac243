package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How kube-dns picks up its changed configuration. */
public enum KubeDnsPickup {
    /** The suite restarts the CoreDNS pods (fast, deterministic). */
    @JsonProperty("restart") RESTART,
    /** CoreDNS's reload plugin notices the change: the article's "wait a few minutes". */
    @JsonProperty("reload") RELOAD,
    /** Nothing to pick up (kube-dns unchanged). */
    @JsonProperty("none") NONE
}
