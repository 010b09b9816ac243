package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What answers for the stable names inside the mesh. */
public enum IstioDnsMode {
    /** The istiocoredns add-on (CoreDNS + istio-coredns-plugin) behind a kube-dns stub zone. */
    @JsonProperty("istiocoredns") ISTIOCOREDNS,
    /** The sidecar agent's DNS proxy (ISTIO_META_DNS_CAPTURE), no CoreDNS changes. */
    @JsonProperty("agent-dns-capture") AGENT_DNS_CAPTURE,
    /** Nothing: the negative control. */
    @JsonProperty("none") NONE
}
