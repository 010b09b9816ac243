package io.github.istiocoredns.e2e.existing;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an existing cluster's service range, which no API exposes directly on every version: a Service asking (as a
 * dry run, nothing is stored) for a clusterIP outside any plausible range is refused with a message naming the valid
 * range, e.g. "the provided IP (203.0.113.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12".
 * {@value #SERVICE_CIDR_PROPERTY} overrides it, for clusters whose message says otherwise.
 */
public final class ServiceRangeDiscovery {

    public static final String SERVICE_CIDR_PROPERTY = "conformance.serviceCidr";
    /** TEST-NET-3 (RFC 5737): never a cluster's service range. */
    static final String PROBE_ADDRESS = "203.0.113.1";
    private static final Pattern RANGE = Pattern.compile("valid IPs is (\\d{1,3}(?:\\.\\d{1,3}){3}/\\d{1,2})");

    private ServiceRangeDiscovery() {
    }

    public static Cidr discover(KubernetesClient client, String namespace) {
        String override = System.getProperty(SERVICE_CIDR_PROPERTY, "");
        if (!override.isBlank()) {
            return Cidr.parse(override.strip());
        }
        String message;
        try {
            client.resource(new ServiceBuilder().withNewMetadata().withName("service-range-probe").withNamespace(namespace).endMetadata()
                    .withNewSpec().withClusterIP(PROBE_ADDRESS).addNewPort().withPort(80).endPort().endSpec().build()).dryRun().create();
            throw new IllegalStateException("the cluster accepted clusterIP " + PROBE_ADDRESS + " (dry run), so its service range cannot be told "
                    + "from the refusal: give it with -D" + SERVICE_CIDR_PROPERTY + "=<cidr>");
        } catch (KubernetesClientException refused) {
            message = refused.getStatus() != null && refused.getStatus().getMessage() != null ? refused.getStatus().getMessage() : refused.getMessage();
        }
        return fromRefusal(message).orElseThrow(() -> new IllegalStateException("cannot read the service range from the API server's refusal '"
                + shorten(message) + "': give it with -D" + SERVICE_CIDR_PROPERTY + "=<cidr>"));
    }

    /** The range named in an API server's refusal of a clusterIP, if it names one. */
    public static Optional<Cidr> fromRefusal(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = RANGE.matcher(message);
        return matcher.find() ? Optional.of(Cidr.parse(matcher.group(1))) : Optional.empty();
    }

    private static String shorten(String text) {
        String line = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
