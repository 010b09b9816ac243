package io.github.istiocoredns.e2e.manifests;

import java.util.Map;

/**
 * The part of Istio's ProxyConfig this project sets, in meshConfig.defaultConfig and in the
 * proxy.istio.io/config pod annotation. proxyMetadata values must be strings ("true", not true).
 */
public record ProxyConfigValues(Map<String, String> proxyMetadata) {

    public static final String DNS_CAPTURE = "ISTIO_META_DNS_CAPTURE";

    public boolean dnsCapture() {
        return proxyMetadata != null && "true".equals(proxyMetadata.get(DNS_CAPTURE));
    }
}
