/**
 * The clusters the scenarios run against, behind one small {@link io.github.istiocoredns.e2e.cluster.Cluster}
 * interface: {@link io.github.istiocoredns.e2e.cluster.ApiServerCluster} (kube-apiserver and etcd through fabric8's
 * kube-api-test, no nodes) here; k3s and existing clusters in the cluster tier. Also where the API server's binaries
 * and Istio's CRDs come from ({@link io.github.istiocoredns.e2e.cluster.KubeBinaries},
 * {@link io.github.istiocoredns.e2e.cluster.IstioCrds}).
 */
package io.github.istiocoredns.e2e.cluster;
