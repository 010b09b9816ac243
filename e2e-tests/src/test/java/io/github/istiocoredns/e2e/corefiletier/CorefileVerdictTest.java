package io.github.istiocoredns.e2e.corefiletier;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.catalog.Basis;
import io.github.istiocoredns.e2e.catalog.CorefileOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.dockerdns.DnsChain;
import io.github.istiocoredns.e2e.dockerdns.StartupOutcome;
import io.github.istiocoredns.e2e.probe.DnsResult;
import io.github.istiocoredns.e2e.probe.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** The judgement of observations against catalog expectations, on given observations (no Docker). */
class CorefileVerdictTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);
    private static final List<String> ADDRESS = List.of("10.103.1.1");
    private static final Expectations.Corefile RESOLVES = expect(CorefileOutcome.STARTS_AND_RESOLVES, null);
    private static final Expectations.Corefile REJECTED_GRPC_ONCE =
            expect(CorefileOutcome.REJECTED_AT_STARTUP, "plugin/grpc: this plugin can only be used once per Server Block");

    @Test
    void aResolvingChainAgreesWithStartsAndResolves() {
        CorefileVerdict verdict = CorefileVerdict.judge(RESOLVES, ADDRESS, ADDRESS, serving(30, null));

        assertThat(verdict.observed()).isEqualTo(CorefileOutcome.STARTS_AND_RESOLVES);
        assertThat(verdict.disagreements()).isEmpty();
        assertThat(verdict.evidence()).contains("my-fruits.internal. 30 IN A 10.103.1.1");
    }

    @Test
    void aTtlAboveTheCacheCapIsADisagreementNamingTheStep() {
        CorefileVerdict verdict = CorefileVerdict.judge(RESOLVES, ADDRESS, ADDRESS, serving(3600, null));

        assertThat(verdict.disagreements()).hasSize(2).first().asString()
                .startsWith("my-fruits.internal A via kube-dns over UDP: expected NOERROR [10.103.1.1] with TTL <= 30, seen NOERROR")
                .contains("3600 IN A 10.103.1.1");
    }

    @Test
    void anotherAddressThanTheServiceEntrysDisagrees() {
        CorefileVerdict verdict = CorefileVerdict.judge(RESOLVES, List.of("10.43.1.1"), ADDRESS, serving(30, null));

        assertThat(verdict.agrees()).isFalse();
        assertThat(verdict.disagreements()).allMatch(line -> line.contains("expected NOERROR [10.43.1.1]"));
    }

    @Test
    void aNegativeControlThatNeverStoppedDisagrees() {
        var stuck = new ChainObservation.NegativeControl(false, Duration.ofSeconds(35), Duration.ofSeconds(35), "NOERROR 10.103.1.1");

        CorefileVerdict verdict = CorefileVerdict.judge(RESOLVES, ADDRESS, ADDRESS, serving(30, stuck));

        assertThat(verdict.disagreements()).singleElement().asString().startsWith("negative control").contains("within 35 s");
    }

    @Test
    void aStartedServerDisagreesWithRejectedAtStartup() {
        CorefileVerdict verdict = CorefileVerdict.judge(REJECTED_GRPC_ONCE, ADDRESS, ADDRESS, serving(30, null));

        assertThat(verdict.observed()).isEqualTo(CorefileOutcome.STARTS_AND_RESOLVES);
        assertThat(verdict.disagreements()).singleElement().asString()
                .startsWith("outcome: expected rejected-at-startup, seen starts-and-resolves");
    }

    @Test
    void aRejectionAgreesOnlyWithTheExactErrorLine() {
        ChainObservation rejected = rejected("plugin/grpc: this plugin can only be used once per Server Block");
        ChainObservation otherLine = rejected("/etc/coredns/Corefile:4 - Error during parsing: Unknown directive 'grpc'");

        assertThat(CorefileVerdict.judge(REJECTED_GRPC_ONCE, ADDRESS, ADDRESS, rejected).disagreements()).isEmpty();
        assertThat(CorefileVerdict.judge(REJECTED_GRPC_ONCE, ADDRESS, ADDRESS, otherLine).disagreements()).singleElement().asString()
                .isEqualTo("error line: expected 'plugin/grpc: this plugin can only be used once per Server Block', "
                        + "seen '/etc/coredns/Corefile:4 - Error during parsing: Unknown directive 'grpc''");
    }

    @Test
    void aRejectionDisagreesWithStartsAndResolves() {
        CorefileVerdict verdict = CorefileVerdict.judge(RESOLVES, ADDRESS, ADDRESS, rejected("Unknown directive 'proxy'"));

        assertThat(verdict.observed()).isEqualTo(CorefileOutcome.REJECTED_AT_STARTUP);
        assertThat(verdict.disagreements()).singleElement().asString().startsWith("outcome: expected starts-and-resolves, seen rejected-at-startup");
    }

    private static Expectations.Corefile expect(CorefileOutcome outcome, String errorLine) {
        return new Expectations.Corefile(outcome, errorLine, Basis.HYPOTHESIS, "test");
    }

    private static ChainObservation rejected(String line) {
        return new ChainObservation(new StartupOutcome.Rejected(1, line, line, Duration.ofMillis(900)), Map.of(), Map.of(), null,
                Duration.ofSeconds(3), "");
    }

    private static ChainObservation serving(long ttl, ChainObservation.NegativeControl negativeControl) {
        Map<Transport, ChainObservation.KubeDnsAnswers> viaKubeDns = Map.of(Transport.UDP, answers(Transport.UDP, ttl),
                Transport.TCP, answers(Transport.TCP, ttl));
        Map<Transport, Probed> global = Map.of(Transport.UDP, a(Transport.UDP, ChainObserver.GLOBAL_NAME, 30, "10.103.1.1"));
        return new ChainObservation(new StartupOutcome.Serving("1.14.7", Duration.ofMillis(900)), new java.util.TreeMap<>(viaKubeDns),
                global, negativeControl, Duration.ofSeconds(3), "");
    }

    private static ChainObservation.KubeDnsAnswers answers(Transport transport, long ttl) {
        return new ChainObservation.KubeDnsAnswers(a(transport, "my-fruits.internal", ttl, "10.103.1.1"),
                nxdomain(transport, "my-fruits.internal", "AAAA"), nxdomain(transport, ChainObserver.UNKNOWN_INTERNAL, "A"),
                a(transport, DnsChain.UPSTREAM_CHECK_NAME, 60, DnsChain.UPSTREAM_CHECK_ADDRESS));
    }

    private static Probed a(Transport transport, String name, long ttl, String address) {
        String absolute = name.endsWith(".") ? name : name + ".";
        return Probed.answered(name + " A", new DnsResult(absolute, "A", transport, SERVER, Rcode.NOERROR, Set.of("qr"),
                List.of(new DnsResult.AnswerRecord(absolute, "A", ttl, address)), Duration.ofMillis(2)));
    }

    private static Probed nxdomain(Transport transport, String name, String type) {
        return Probed.answered(name + " " + type, new DnsResult(name + ".", type, transport, SERVER, Rcode.NXDOMAIN, Set.of("qr"),
                List.of(), Duration.ofMillis(2)));
    }
}
