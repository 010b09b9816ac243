package io.github.istiocoredns.e2e.k3s;

import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The k3s server command line. Testcontainers' {@code K3sContainer.withCommand} REPLACES the module's default
 * command ({@code server --disable=traefik --tls-san=<host>}, FACTS §4), so the defaults are repeated here, followed
 * by the service range and kube-dns address of the variant's cluster profile (k3s's own 10.43.0.0/16 would refuse the
 * article's clusterIP 10.103.1.1), and the run's own upstream resolver for kube-dns ({@link UpstreamResolver}). The
 * suite needs none of k3s's packaged extras, so they stay off (the offline k3s image has no images for them); on a
 * cgroup v1 host the kubelet of Kubernetes 1.35 must be told to run anyway.
 */
public final class K3sCommand {

    /** Everything of k3s's packaged components the suite does not use. */
    static final String DISABLED = "--disable=traefik,metrics-server,local-storage,servicelb";
    /** Kubernetes 1.35's kubelet refuses cgroup v1 unless told (failCgroupV1 defaults to true). */
    static final String ALLOW_CGROUP_V1 = "--kubelet-arg=fail-cgroupv1=false";

    private K3sCommand() {
    }

    /**
     * @param tlsSan the host name the kubeconfig will use (Testcontainers' host), so the server certificate matches it
     * @param cgroupV1 whether the Docker host runs cgroup v1
     */
    public static List<String> of(String tlsSan, ClusterProfile profile, boolean cgroupV1) {
        if (tlsSan == null || tlsSan.isBlank()) {
            throw new IllegalArgumentException("k3s needs the host the kubeconfig points at as --tls-san, got '" + tlsSan + "'");
        }
        List<String> command = new ArrayList<>(List.of(
                "server",
                DISABLED,
                "--tls-san=" + tlsSan,
                "--service-cidr=" + profile.serviceCidr(),
                "--cluster-dns=" + profile.clusterDns(),
                "--resolv-conf=" + UpstreamResolver.RESOLV_CONF_PATH));
        if (cgroupV1) {
            command.add(ALLOW_CGROUP_V1);
        }
        return List.copyOf(command);
    }
}
