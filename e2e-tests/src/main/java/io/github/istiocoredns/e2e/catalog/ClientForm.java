package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which meshed client runs the checks. */
public enum ClientForm {
    /** manifests/istio/client.yaml: resolves through kube-dns. */
    @JsonProperty("plain") PLAIN,
    /** manifests/istio/client-dns-capture.yaml: its sidecar agent answers DNS. */
    @JsonProperty("dns-capture") DNS_CAPTURE
}
