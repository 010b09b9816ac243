package io.github.istiocoredns.e2e.k3s;

import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import java.util.List;

/**
 * The k3s server command line. Testcontainers' {@code K3sContainer.withCommand} REPLACES the module's default
 * command ({@code server --disable=traefik --tls-san=<host>}, FACTS §4), so the defaults are repeated here, followed
 * by the service range and kube-dns address of the variant's cluster profile (k3s's own 10.43.0.0/16 would refuse the
 * article's clusterIP 10.103.1.1).
 */
public final class K3sCommand {

    private K3sCommand() {
    }

    /** @param tlsSan the host name the kubeconfig will use (Testcontainers' host), so the server certificate matches it */
    public static List<String> of(String tlsSan, ClusterProfile profile) {
        if (tlsSan == null || tlsSan.isBlank()) {
            throw new IllegalArgumentException("k3s needs the host the kubeconfig points at as --tls-san, got '" + tlsSan + "'");
        }
        return List.of(
                "server",
                "--disable=traefik",
                "--tls-san=" + tlsSan,
                "--service-cidr=" + profile.serviceCidr(),
                "--cluster-dns=" + profile.clusterDns());
    }
}
