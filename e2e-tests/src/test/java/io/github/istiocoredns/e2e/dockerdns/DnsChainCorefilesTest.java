package io.github.istiocoredns.e2e.dockerdns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Corefiles and zone the chain writes for its own parts (not the variant's). */
class DnsChainCorefilesTest {

    @Test
    void theRelayServesGrpcOn8053AndPassesEverythingToTheStandIn() {
        assertThat(DnsChain.relayCorefile("172.18.0.1:40123")).isEqualTo("""
                grpc://.:8053 {
                    grpc . 172.18.0.1:40123
                }
                """);
    }

    @Test
    void kubeDnsGetsTheStubBlockThenACatchAllToTheUpstream() {
        String stub = "internal:53 {\n    errors\n    cache 30\n    forward . 172.18.0.3\n}\n\n";

        assertThat(DnsChain.kubeDnsCorefile(stub, "172.18.0.2")).isEqualTo("""
                internal:53 {
                    errors
                    cache 30
                    forward . 172.18.0.3
                }

                .:53 {
                    errors
                    forward . 172.18.0.2
                }
                """);
    }

    @Test
    void theUpstreamIsAuthoritativeForTheRootWithOneName() {
        assertThat(DnsChain.upstreamCorefile()).contains("file /etc/coredns/upstream.zone .");
        assertThat(DnsChain.upstreamZone())
                .contains("@ 3600 IN SOA ")
                .contains("upstream-check.example. 60 IN A 192.0.2.53")
                .doesNotContain("internal");
    }
}
