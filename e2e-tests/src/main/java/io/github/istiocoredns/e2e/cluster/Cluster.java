package io.github.istiocoredns.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.manifests.Cidr;

/**
 * A Kubernetes cluster the scenarios run against: a bare API server here, k3s or an existing cluster
 * in the cluster tier. The scenario code asks it what it can do instead of knowing its kind.
 */
public interface Cluster extends AutoCloseable {

    /** A short name for logs and reports, e.g. {@code apiserver 10.96.0.0/12}. */
    String name();

    /** What kind of cluster this is, e.g. {@code kube-apiserver}, {@code k3s}, {@code existing}. */
    String kind();

    KubernetesClient client();

    /** The range Services get their clusterIP from (kube-apiserver {@code --service-cluster-ip-range}). */
    Cidr serviceCidr();

    /** Whether pods actually run (nodes, kubelet); a bare API server only stores them. */
    boolean runsPods();

    /**
     * Whether controllers run (kube-controller-manager): without them a deleted namespace stays
     * Terminating forever because nobody empties it and removes its {@code kubernetes} finalizer.
     */
    boolean runsControllers();

    /** Whether the cluster has its own kube-dns (a {@code coredns} ConfigMap in kube-system). */
    boolean hasKubeDns();

    /** Stops what this object started; a cluster it did not start is left running. */
    @Override
    void close();
}
