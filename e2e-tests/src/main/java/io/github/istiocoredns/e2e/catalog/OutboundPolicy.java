package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outbound traffic policy of the clients' sidecars. */
public enum OutboundPolicy {
    /** Istio's default: unknown destinations pass through. */
    @JsonProperty("ALLOW_ANY") ALLOW_ANY,
    /** Only hosts in Istio's registry (manifests/istio/sidecar-registry-only.yaml). */
    @JsonProperty("REGISTRY_ONLY") REGISTRY_ONLY
}
