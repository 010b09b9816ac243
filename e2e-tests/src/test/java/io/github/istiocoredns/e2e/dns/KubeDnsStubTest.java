package io.github.istiocoredns.e2e.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.TestProject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeDnsStubTest {

    private static final String STUB = "manifests/coredns/kube-dns/internal-stub.Corefile";

    @Test
    void stubForwardsTheInternalZoneToTheGivenIstiocorednsAddress() {
        String rendered = KubeDnsStub.render(STUB, TestProject.read(STUB), "10.98.61.255");

        Corefile corefile = CorefileParser.parse(STUB, rendered);
        ServerBlock internal = corefile.blockFor("my-fruits.internal", 53).orElseThrow();
        assertThat(internal.directives("forward")).singleElement()
                .satisfies(forward -> assertThat(forward.arguments()).containsExactly(".", "10.98.61.255"));
        assertThat(rendered).isEqualTo(TestProject.read("manifests/article/kube-dns-stub-block.txt"));
    }

    @Test
    void theAddressMustBeAnIpv4Address() {
        assertThatThrownBy(() -> KubeDnsStub.render(STUB, TestProject.read(STUB), "istiocoredns.istio-system"))
                .hasMessageContaining("must be an IPv4 address, got 'istiocoredns.istio-system'");
    }

    @Test
    void aPlaceholderWithoutValueAndAValueWithoutPlaceholderBothFail() {
        CorefileTemplate template = new CorefileTemplate("stub", "a:53 {\n  forward . ${ISTIOCOREDNS_CLUSTER_IP}\n}\n");

        assertThat(template.placeholders()).containsExactly(KubeDnsStub.ISTIOCOREDNS_CLUSTER_IP);
        assertThatThrownBy(() -> template.render(Map.of()))
                .hasMessage("stub, line 2: no value given for ${ISTIOCOREDNS_CLUSTER_IP}");
        assertThatThrownBy(() -> template.render(Map.of("ISTIOCOREDNS_CLUSTER_IP", "10.0.0.1", "ISTIOCOREDNS_IP", "10.0.0.1")))
                .hasMessageContaining("stub has no placeholder [ISTIOCOREDNS_IP]");
    }
}
