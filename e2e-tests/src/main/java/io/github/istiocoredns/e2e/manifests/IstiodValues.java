package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.nio.file.Path;

/**
 * The Helm values this project gives Istio's istiod chart (manifests/istio/istiod-values.yaml). Helm
 * ignores keys it does not know, so a misspelt key would silently do nothing: only the keys modelled
 * here are accepted.
 */
public record IstiodValues(String hub, Global global, Boolean autoscaleEnabled, ResourceRequirements resources, MeshConfig meshConfig) {

    /** Of the chart's global values, only the hub the injected sidecar is pulled from. */
    public record Global(String hub) {
    }

    public record MeshConfig(OutboundTrafficPolicy outboundTrafficPolicy, ProxyConfigValues defaultConfig) {
    }

    public record OutboundTrafficPolicy(Mode mode) {
    }

    public enum Mode {
        @JsonProperty("ALLOW_ANY") ALLOW_ANY,
        @JsonProperty("REGISTRY_ONLY") REGISTRY_ONLY
    }

    public static IstiodValues load(Path file, String source, StrictBinding binding) {
        return binding.bind(YamlDocumentReader.readSingle(file, source), IstiodValues.class);
    }
}
