/**
 * Running the cluster tier against a cluster the user already has (after an upgrade, say): only with an explicit
 * opt-in, with its own namespaces, the fixed clusterIP adapted to that cluster's service range, told up front what will
 * change, and kube-dns restored also on failure or interrupt.
 */
package io.github.istiocoredns.e2e.existing;
