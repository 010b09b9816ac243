package io.github.istiocoredns.e2e.corefiletier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.dns.KubeDnsStub;
import io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer;
import io.github.istiocoredns.e2e.dockerdns.DnsChain;
import io.github.istiocoredns.e2e.dockerdns.DockerPrerequisites;
import io.github.istiocoredns.e2e.dockerdns.StartupOutcome;
import io.github.istiocoredns.e2e.probe.DnsProbe;
import io.github.istiocoredns.e2e.probe.DnsResult;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.probe.Transport;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Corefile tier: proves the machinery (DnsChain, CoreDnsContainer, stand-in, probes) end to end on one working and
 * one rejected Corefile, on the newest CoreDNS image present. The variant matrix itself belongs to the catalog.
 *
 * <p>Runs where Docker answers, with Docker Hub's images or scripts/offline-images' (found by
 * {@code OfflineMirrorSubstitutor}); skipped without Docker or images unless {@code -Dconformance.require=corefile}.
 */
@Tag("corefile")
class DnsChainIT {

    /** Versions with the grpc plugin and grpc:// servers, newest first; the helpers need both. */
    private static final List<String> GRPC_CAPABLE_NEWEST_FIRST = List.of("1.14.7", "1.6.2", "1.5.0");
    private static final String CORRECTED = "manifests/coredns/istiocoredns/corrected.Corefile";
    private static final String ARTICLE_GT_1_4_0 = "manifests/coredns/istiocoredns/article-gt-1.4.0.Corefile";
    private static final String KUBE_DNS_STUB = "manifests/coredns/kube-dns/internal-stub.Corefile";
    private static final String SERVICE_ENTRY = "manifests/fruits-api/fruits-api-se.yml";
    /** kube-dns and istiocoredns both cache for 30 s; 5 s of slack for polling and the last in-flight answer. */
    private static final Duration NEGATIVE_CONTROL_BOUND = Duration.ofSeconds(35);

    private static String newestImage;
    private static Optional<String> missing;

    // Checked before each test, not once in @BeforeAll: an abort there shows up as zero tests run, not as skipped.
    @BeforeEach
    void newestCoreDnsPresent() {
        if (missing == null) {
            missing = findNewestImage();
        }
        TierPrerequisite.check(Tier.COREFILE, missing);
    }

    private static Optional<String> findNewestImage() {
        DockerPrerequisites prerequisites = new DockerPrerequisites();
        Optional<String> dockerMissing = prerequisites.missing(List.of());
        if (dockerMissing.isPresent()) {
            return dockerMissing;
        }
        List<String> candidates = GRPC_CAPABLE_NEWEST_FIRST.stream().map(version -> "coredns/coredns:" + version).toList();
        newestImage = candidates.stream().filter(image -> prerequisites.missing(List.of(image)).isEmpty()).findFirst().orElse(null);
        return newestImage != null ? Optional.empty()
                : prerequisites.missing(candidates).map(reason -> "none of the grpc-capable CoreDNS images is present: " + reason);
    }

    @Test
    void correctedCorefileResolvesThroughTheChainOverUdpAndTcp() throws IOException {
        long started = System.nanoTime();
        try (DnsChain chain = chain(TestProject.read(CORRECTED))) {
            StartupOutcome outcome = chain.start();
            assertThat(outcome).as("istiocoredns startup; logs:\n%s", chain.logs()).isInstanceOf(StartupOutcome.Serving.class);

            for (Transport transport : Transport.values()) {
                DnsProbe kubeDns = probe(chain.kubeDns(), transport);

                DnsResult myFruits = kubeDns.query("my-fruits.internal", "A");
                assertThat(myFruits.rcodeName()).as("%s", myFruits).isEqualTo("NOERROR");
                assertThat(myFruits.answerData()).as("%s", myFruits).containsExactly("10.103.1.1");
                assertThat(myFruits.answers()).as("TTLs capped by cache 30: %s", myFruits)
                        .allSatisfy(answer -> assertThat(answer.ttl()).isBetween(1L, 30L));

                DnsResult aaaa = kubeDns.query("my-fruits.internal", "AAAA");
                assertThat(aaaa.rcodeName()).as("plugin answers NXDOMAIN for AAAA: %s", aaaa).isEqualTo("NXDOMAIN");

                DnsResult unknown = kubeDns.query("unknown.internal", "A");
                assertThat(unknown.rcodeName()).as("%s", unknown).isEqualTo("NXDOMAIN");

                DnsResult upstream = kubeDns.query(DnsChain.UPSTREAM_CHECK_NAME, "A");
                assertThat(upstream.answerData()).as("forwarded to the chain's upstream: %s", upstream)
                        .containsExactly(DnsChain.UPSTREAM_CHECK_ADDRESS);
            }
            assertThat(chain.standIn().queriesServed()).as("queries that reached the stand-in").isPositive();
            Duration verdict = Duration.ofNanos(System.nanoTime() - started);

            chain.standIn().replaceRecords(ServiceEntryRecords.empty());
            Eventually.Observed<DnsResult> gone = new Eventually(NEGATIVE_CONTROL_BOUND).withPollInterval(Duration.ofSeconds(1))
                    .until("my-fruits.internal gets NXDOMAIN from kube-dns once removed from the stand-in",
                            () -> probe(chain.kubeDns(), Transport.UDP).query("my-fruits.internal", "A"), DnsResult::isNxdomain);
            DnsResult direct = probe(chain.istiocoredns(), Transport.UDP).query("my-fruits.internal", "A");
            assertThat(direct.rcodeName()).as("istiocoredns itself after removal: %s", direct).isEqualTo("NXDOMAIN");

            System.out.printf("[corefile tier] %s on %s: chain up in %d ms, verdict (UDP+TCP checks) after %d ms, "
                            + "negative control: NXDOMAIN after %d ms (%d polls)%n", CORRECTED, newestImage,
                    chain.startupTime().toMillis(), verdict.toMillis(), gone.after().toMillis(), gone.observations());
        }
    }

    @Test
    void articlesGrpcCorefileIsRejectedWithTheExactErrorLine() throws IOException {
        long started = System.nanoTime();
        try (DnsChain chain = chain(TestProject.read(ARTICLE_GT_1_4_0))) {
            StartupOutcome outcome = chain.start();

            assertThat(outcome).isInstanceOfSatisfying(StartupOutcome.Rejected.class, rejected -> {
                assertThat(rejected.exitCode()).isEqualTo(1);
                assertThat(rejected.errorMessage()).isEqualTo("plugin/grpc: this plugin can only be used once per Server Block");
            });
            assertThatThrownBy(chain::kubeDns).isInstanceOf(IllegalStateException.class).hasMessageContaining("rejected");
            System.out.printf("[corefile tier] %s on %s: %s, verdict after %d ms%n", ARTICLE_GT_1_4_0, newestImage, outcome,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private static DnsChain chain(String istiocorednsCorefile) throws IOException {
        ServiceEntry serviceEntry = new ObjectMapper(new YAMLFactory()).readValue(TestProject.file(SERVICE_ENTRY).toFile(), ServiceEntry.class);
        String stubTemplate = TestProject.read(KUBE_DNS_STUB);
        return new DnsChain()
                .withIstiocoredns(newestImage, istiocorednsCorefile)
                .withKubeDns(newestImage, ip -> KubeDnsStub.render(KUBE_DNS_STUB, stubTemplate, ip))
                .withHelperImage(newestImage)
                .withPluginRecords(ServiceEntryRecords.from(List.of(serviceEntry)));
    }

    private static DnsProbe probe(CoreDnsContainer server, Transport transport) {
        InetSocketAddress endpoint = transport == Transport.UDP ? server.udpEndpoint() : server.tcpEndpoint();
        return new DnsProbe(endpoint).withTransport(transport);
    }
}
