package io.github.istiocoredns.e2e.probe;

/** How a DNS query travels. CoreDNS serves both on port 53; the suite checks both. */
public enum Transport {
    UDP,
    TCP
}
