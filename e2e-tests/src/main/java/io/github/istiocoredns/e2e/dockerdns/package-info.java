/**
 * CoreDNS in Docker for the Corefile tier, in the style of Testcontainers modules: {@link
 * io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer} (one CoreDNS with a given Corefile, telling "serving" from
 * "rejected at startup" with the error line) and {@link io.github.istiocoredns.e2e.dockerdns.DnsChain} (the
 * article's chain: kube-dns -> istiocoredns -> stand-in plugin, with a local upstream). Every container and network
 * is created by the run and removed by it (Ryuk is not relied on).
 */
package io.github.istiocoredns.e2e.dockerdns;
