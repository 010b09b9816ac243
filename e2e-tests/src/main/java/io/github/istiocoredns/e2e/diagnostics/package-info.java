/**
 * Diagnostics of a failed cluster-tier run, collected once for the suite and written under
 * {@code target/conformance/diagnostics/}: events, logs of every container of the involved pods, the Corefiles in
 * effect, and the client sidecar's Envoy config_dump and clusters.
 */
package io.github.istiocoredns.e2e.diagnostics;
