package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Helm values this project gives Istio's istiod chart (manifests/istio/istiod-values.yaml, and the overlay for the
 * offline images, istiod-upstream-envoy-values.yaml). Helm ignores keys it does not know, so a misspelt key would
 * silently do nothing: only the keys modelled here are accepted.
 *
 * @param env istiod's environment (the chart's pilot env); values must be strings
 */
public record IstiodValues(String hub, Global global, Boolean autoscaleEnabled, ResourceRequirements resources, MeshConfig meshConfig,
        Map<String, String> env, Telemetry telemetry) {

    /** Of the chart's global values, only the hub the injected sidecar is pulled from. */
    public record Global(String hub) {
    }

    /**
     * @param accessLogFile where the sidecars write Envoy's access log ({@code /dev/stdout}: the container log)
     * @param accessLogEncoding TEXT or JSON
     */
    public record MeshConfig(OutboundTrafficPolicy outboundTrafficPolicy, ProxyConfigValues defaultConfig, String accessLogFile,
            String accessLogEncoding) {
    }

    /** Whether the chart adds Istio's default (Prometheus) metrics provider, and with it the istio.stats filter. */
    public record Telemetry(Boolean enabled) {
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
