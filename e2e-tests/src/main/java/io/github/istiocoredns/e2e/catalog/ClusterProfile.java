package io.github.istiocoredns.e2e.catalog;

/**
 * The cluster network a variant assumes.
 *
 * @param serviceCidr the service range (kube-apiserver --service-cluster-ip-range, k3s --service-cidr)
 * @param clusterDns the kube-dns clusterIP (k3s --cluster-dns)
 */
public record ClusterProfile(String id, String title, String serviceCidr, String clusterDns, String source) {
}
