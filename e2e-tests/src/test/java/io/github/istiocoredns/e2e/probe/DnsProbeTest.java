package io.github.istiocoredns.e2e.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The probe against a loopback DNS server, over UDP and TCP, and against a silent one. */
class DnsProbeTest {

    private LoopbackDnsResponder responder;

    @BeforeEach
    void startResponder() throws IOException {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry();
        spec.setHosts(List.of("my-fruits.internal"));
        spec.setAddresses(List.of("10.103.1.1"));
        spec.setResolution(ServiceEntryResolution.DNS);
        ServiceEntry entry = new ServiceEntry();
        entry.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("se").build());
        entry.setSpec(spec);
        responder = new LoopbackDnsResponder(ServiceEntryRecords.from(List.of(entry)));
    }

    @AfterEach
    void stopResponder() throws IOException {
        responder.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsRcodeFlagsAnswersAndTtls(Transport transport) {
        DnsResult result = probe(transport).query("my-fruits.internal", "A");

        assertThat(result.name()).isEqualTo("my-fruits.internal.");
        assertThat(result.type()).isEqualTo("A");
        assertThat(result.transport()).isEqualTo(transport);
        assertThat(result.rcodeName()).isEqualTo("NOERROR");
        assertThat(result.flags()).containsExactlyInAnyOrder("qr", "aa", "rd");
        assertThat(result.answers()).containsExactly(new DnsResult.AnswerRecord("my-fruits.internal.", "A", 3600, "10.103.1.1"));
        assertThat(result.answerData()).containsExactly("10.103.1.1");
        assertThat(result.answerSection()).isEqualTo("my-fruits.internal. 3600 IN A 10.103.1.1");
        assertThat(result.toString()).contains("NOERROR").contains("10.103.1.1").contains(transport.name());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsNxdomain(Transport transport) {
        DnsResult result = probe(transport).query("my-fruits.internal", "AAAA");

        assertThat(result.isNxdomain()).isTrue();
        assertThat(result.rcodeName()).isEqualTo("NXDOMAIN");
        assertThat(result.answers()).isEmpty();
    }

    @Test
    void aSilentServerTimesOutWithinTheBound() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DnsProbe probe = new DnsProbe((InetSocketAddress) silent.getLocalSocketAddress()).withTimeout(Duration.ofMillis(300));
            long started = System.nanoTime();

            assertThatThrownBy(() -> probe.query("my-fruits.internal", "A"))
                    .isInstanceOf(DnsProbeException.class)
                    .hasMessageContaining("no DNS response from 127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("UDP").hasMessageContaining("my-fruits.internal. A");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void rejectsAnUnknownTypeAndAnUnresolvedServer() {
        assertThatThrownBy(() -> probe(Transport.UDP).query("my-fruits.internal", "NOPE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> new DnsProbe(InetSocketAddress.createUnresolved("kube-dns", 53)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolved");
    }

    private DnsProbe probe(Transport transport) {
        InetSocketAddress endpoint = transport == Transport.UDP ? responder.udpEndpoint() : responder.tcpEndpoint();
        return new DnsProbe(endpoint).withTransport(transport);
    }
}
