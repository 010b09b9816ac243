package io.github.istiocoredns.e2e.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One line of the client sidecar's Envoy access log, as Istio writes it with {@code accessLogEncoding: JSON}
 * (manifests/istio/istiod-values.yaml; fields of Istio's default JSON format, pilot/pkg/model/telemetry_logging.go):
 * which route matched and which upstream cluster served the request. That tells Istio's route for my-fruits.internal
 * ({@code outbound|80||my-fruits.internal}) from a pass-through (route {@code allow_any}, cluster
 * {@code PassthroughCluster}) and from the REGISTRY_ONLY refusal (route {@code block_all}).
 */
public record EnvoyAccessLog(String requestId, String routeName, String upstreamCluster, int responseCode, String responseFlags) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The entry of the request with this id among the log's lines; empty when Envoy has not written it (yet). */
    public static Optional<EnvoyAccessLog> find(String log, String requestId) {
        for (String line : log.split("\\R")) {
            String text = line.strip();
            if (!text.startsWith("{") || !text.contains(requestId)) {
                continue;
            }
            try {
                JsonNode entry = JSON.readTree(text);
                if (requestId.equals(entry.path("request_id").asText())) {
                    return Optional.of(new EnvoyAccessLog(requestId, entry.path("route_name").asText("-"), entry.path("upstream_cluster").asText("-"),
                            entry.path("response_code").asInt(0), entry.path("response_flags").asText("-")));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                // A log line of pilot-agent that happens to start with a brace: not Envoy's.
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Envoy: route " + routeName + " to cluster " + upstreamCluster + " (response " + responseCode
                + ("-".equals(responseFlags) ? "" : ", flags " + responseFlags) + ")";
    }
}
