/**
 * Probes from inside the mesh: {@code dig} and {@code curl} run in the meshed client pod through the Kubernetes exec
 * API, their output parsed into records. The request leaves through the client's Envoy sidecar, which is the point.
 */
package io.github.istiocoredns.e2e.http;
