/**
 * A cluster that is only an API server: kube-apiserver and etcd through fabric8's kube-api-test, no nodes
 * ({@link io.github.istiocoredns.e2e.apiserver.ApiServerCluster}), and where their binaries come from
 * ({@link io.github.istiocoredns.e2e.apiserver.KubeBinaries}). The API-server tier applies every scenario to it.
 */
package io.github.istiocoredns.e2e.apiserver;
