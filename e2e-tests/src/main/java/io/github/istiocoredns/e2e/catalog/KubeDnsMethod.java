package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How kube-dns is told to forward the stub zone to istiocoredns. */
public enum KubeDnsMethod {
    /** The article's way: append the stub block to the Corefile in ConfigMap kube-system/coredns. */
    @JsonProperty("configmap-edit") CONFIGMAP_EDIT,
    /** The k3s way: ConfigMap kube-system/coredns-custom with an internal.server key. */
    @JsonProperty("coredns-custom") COREDNS_CUSTOM,
    /** kube-dns is left alone. */
    @JsonProperty("none") NONE
}
