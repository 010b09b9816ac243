package io.github.istiocoredns.e2e.k3s;

import io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer;
import java.util.function.Consumer;

/**
 * k3s's upstream resolver: what its kube-dns reaches with {@code forward . /etc/resolv.conf} (the kubelet's
 * {@code --resolv-conf}). A CoreDNS container of this run that answers NXDOMAIN for every name, as an air-gapped
 * network's resolver does, so that a name outside the cluster is NXDOMAIN by the run's own doing: the restore check and
 * the "not resolved" verdicts then say nothing about the machine's resolver, and no query leaves the run. Image pulls
 * are containerd's and use the k3s container's own resolver, not this one.
 */
final class UpstreamResolver {

    /** The newest CoreDNS the suite pins (scripts/offline-images coredns builds it; elsewhere it is pulled). */
    static final String IMAGE = "coredns/coredns:1.14.7";
    /** Where k3s reads it (the kubelet's --resolv-conf). */
    static final String RESOLV_CONF_PATH = "/etc/istiocoredns/upstream-resolv.conf";
    static final String COREFILE = """
            .:53 {
                template ANY ANY {
                    rcode NXDOMAIN
                }
            }
            """;

    private UpstreamResolver() {
    }

    /** Started and serving; kept like k3s when k3s is kept (k3s's DNS would break without it). */
    static CoreDnsContainer start(boolean keep, Consumer<String> log) {
        @SuppressWarnings("resource") // stopped with the cluster, or kept with it
        CoreDnsContainer resolver = new CoreDnsContainer(IMAGE).withCorefile(COREFILE);
        KeptContainer.configure(resolver, keep, KeptContainer::environmentSupportsReuse);
        resolver.start();
        log.accept("[k3s] upstream resolver " + IMAGE + " at " + resolver.ipAddress() + " (NXDOMAIN for every name; "
                + RESOLV_CONF_PATH + ")");
        return resolver;
    }

    /** The resolv.conf k3s's kubelet hands to pods with dnsPolicy Default (kube-dns). */
    static String resolvConf(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the upstream resolver has no address");
        }
        return "# istiocoredns: k3s's upstream resolver, a container of this run\nnameserver " + address + "\n";
    }
}
