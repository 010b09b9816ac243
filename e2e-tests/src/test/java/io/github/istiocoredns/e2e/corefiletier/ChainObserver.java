package io.github.istiocoredns.e2e.corefiletier;

import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.dns.KubeDnsStub;
import io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer;
import io.github.istiocoredns.e2e.dockerdns.DnsChain;
import io.github.istiocoredns.e2e.dockerdns.StartupOutcome;
import io.github.istiocoredns.e2e.probe.DnsProbe;
import io.github.istiocoredns.e2e.probe.DnsResult;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.probe.Transport;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs one chain for a {@link ChainSetup} and records what it shows; asserts nothing. */
final class ChainObserver {

    static final String MY_FRUITS = "my-fruits.internal";
    static final String UNKNOWN_INTERNAL = "no-such-service.internal";
    /** The host of the global fixture (src/test/resources/corefile-tier/global-service-entry.yaml). */
    static final String GLOBAL_NAME = "fruits-api.micro-shake-factory.global";
    /** kube-dns and istiocoredns both cache for 30 s, so 30 s after removal at most; 5 s slack for polling. */
    static final Duration NEGATIVE_CONTROL_BOUND = Duration.ofSeconds(35);

    private final String kubeDnsImage;

    /** @param kubeDnsImage the modern CoreDNS that plays kube-dns, and also the chain's relay and upstream */
    ChainObserver(String kubeDnsImage) {
        this.kubeDnsImage = kubeDnsImage;
    }

    ChainObservation observe(ChainSetup setup, boolean withNegativeControl) {
        String stubTemplate = TestProject.read(setup.kubeDnsStub());
        long started = System.nanoTime();
        try (DnsChain chain = new DnsChain()
                .withIstiocoredns(setup.image(), TestProject.read(setup.corefile()))
                .withKubeDns(kubeDnsImage, ip -> KubeDnsStub.render(setup.kubeDnsStub(), stubTemplate, ip))
                .withHelperImage(kubeDnsImage)
                .withPluginRecords(ServiceEntryRecords.from(setup.serviceEntries()))) {
            StartupOutcome startup = chain.start();
            if (!(startup instanceof StartupOutcome.Serving)) {
                return new ChainObservation(startup, Map.of(), Map.of(), null, since(started), chain.logs());
            }
            Map<Transport, ChainObservation.KubeDnsAnswers> viaKubeDns = new EnumMap<>(Transport.class);
            Map<Transport, Probed> globalDirect = new EnumMap<>(Transport.class);
            for (Transport transport : Transport.values()) {
                viaKubeDns.put(transport, askKubeDns(probe(chain.kubeDns(), transport)));
                globalDirect.put(transport, Probed.query(probe(chain.istiocoredns(), transport), GLOBAL_NAME, "A"));
            }
            ChainObservation.NegativeControl negativeControl = withNegativeControl ? removeAndWatch(chain, setup) : null;
            return new ChainObservation(startup, viaKubeDns, globalDirect, negativeControl, since(started), chain.logs());
        }
    }

    private static ChainObservation.KubeDnsAnswers askKubeDns(DnsProbe kubeDns) {
        return new ChainObservation.KubeDnsAnswers(
                Probed.query(kubeDns, MY_FRUITS, "A"),
                Probed.query(kubeDns, MY_FRUITS, "AAAA"),
                Probed.query(kubeDns, UNKNOWN_INTERNAL, "A"),
                Probed.query(kubeDns, DnsChain.UPSTREAM_CHECK_NAME, "A"));
    }

    // Takes my-fruits.internal out of the stand-in (the other entries stay) and waits for kube-dns to stop answering it.
    private static ChainObservation.NegativeControl removeAndWatch(DnsChain chain, ChainSetup setup) {
        List<ServiceEntry> withoutMyFruits = setup.serviceEntries().stream()
                .filter(entry -> !entry.getSpec().getHosts().contains(MY_FRUITS)).toList();
        chain.standIn().replaceRecords(ServiceEntryRecords.from(withoutMyFruits));
        DnsProbe kubeDns = probe(chain.kubeDns(), Transport.UDP);
        try {
            Eventually.Observed<DnsResult> gone = new Eventually(NEGATIVE_CONTROL_BOUND).withPollInterval(Duration.ofSeconds(1))
                    .until(MY_FRUITS + " gets NXDOMAIN from kube-dns once removed from the stand-in",
                            () -> kubeDns.query(MY_FRUITS, "A"), DnsResult::isNxdomain);
            return new ChainObservation.NegativeControl(true, NEGATIVE_CONTROL_BOUND, gone.after(),
                    Probed.answered(MY_FRUITS + " A", gone.value()).seen());
        } catch (Eventually.ConditionNotMetError notGone) {
            return new ChainObservation.NegativeControl(false, NEGATIVE_CONTROL_BOUND, NEGATIVE_CONTROL_BOUND, notGone.lastObservation());
        }
    }

    private static DnsProbe probe(CoreDnsContainer server, Transport transport) {
        InetSocketAddress endpoint = transport == Transport.UDP ? server.udpEndpoint() : server.tcpEndpoint();
        return new DnsProbe(endpoint).withTransport(transport);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
