/**
 * Istio for the cluster tier: its Helm charts {@code base} then {@code istiod} at the pinned version (helm-java, so the
 * same code works on k3s and on an existing cluster), and a bounded wait until istiod is ready and the sidecar injector
 * answers.
 */
package io.github.istiocoredns.e2e.mesh;
