/**
 * DNS probes from the test JVM (dnsjava) and "eventually" checks (Awaitility) that report what they last saw.
 */
package io.github.istiocoredns.e2e.probe;
