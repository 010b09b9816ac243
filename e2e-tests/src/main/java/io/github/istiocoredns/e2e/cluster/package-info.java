/**
 * The one small interface every way of getting a cluster implements ({@link io.github.istiocoredns.e2e.cluster.Cluster}),
 * so that the scenarios ask a cluster what it can do instead of knowing its kind. The ways themselves are packages of
 * their own name: {@code apiserver} (kube-apiserver and etcd, no nodes), {@code node} (a single-node Kubernetes built on
 * the machine), {@code k3s} (k3s in Docker), {@code existing} (the user's cluster through its kubeconfig).
 */
package io.github.istiocoredns.e2e.cluster;
