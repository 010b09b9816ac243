/** The conformance suite: variant catalog, cluster, mesh, dns, http and report packages. */
package io.github.istiocoredns.e2e;
