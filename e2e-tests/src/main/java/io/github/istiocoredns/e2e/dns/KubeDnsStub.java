package io.github.istiocoredns.e2e.dns;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The article's stub block for kube-dns ({@code internal:53 { ... forward . <istiocoredns> }}), whose
 * one parameter is the clusterIP of the istiocoredns Service, known only once that Service exists.
 */
public final class KubeDnsStub {

    /** The placeholder in manifests/coredns/kube-dns/internal-stub.Corefile and coredns-custom.yaml. */
    public static final String ISTIOCOREDNS_CLUSTER_IP = "ISTIOCOREDNS_CLUSTER_IP";

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private KubeDnsStub() {
    }

    /** Renders the stub block and checks that the result is a valid Corefile. */
    public static String render(String source, String template, String istiocorednsClusterIp) {
        if (istiocorednsClusterIp == null || !IPV4.matcher(istiocorednsClusterIp).matches()) {
            throw new IllegalArgumentException("The istiocoredns clusterIP must be an IPv4 address, got '"
                    + istiocorednsClusterIp + "'");
        }
        String rendered = new CorefileTemplate(source, template).render(Map.of(ISTIOCOREDNS_CLUSTER_IP, istiocorednsClusterIp));
        CorefileParser.parse(source + " (rendered)", rendered);
        return rendered;
    }
}
