package io.github.istiocoredns.e2e.dockerdns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading CoreDNS logs as printed by the images built here (samples copied from `docker logs`). */
class CoreDnsLogTest {

    private static final String SERVING_1_6_2 = """
            .:53
            2026-11-25T21:19:58.635Z [INFO] CoreDNS-1.6.2
            2026-11-25T21:19:58.635Z [INFO] linux/amd64, go1.26.8, gomod-v1.6.2
            CoreDNS-1.6.2
            linux/amd64, go1.26.8, gomod-v1.6.2
            """;
    private static final String STARTING_1_6_2 = """
            .:53
            2026-11-25T21:19:58.635Z [INFO] CoreDNS-1.6.2
            """;
    private static final String REJECTED_1_6_2 = "plugin/grpc: this plugin can only be used once per Server Block\n";
    private static final String REJECTED_1_1_2 =
            "2026/11/25 21:31:13 /etc/coredns/Corefile:3 - Error during parsing: Unknown directive 'grpc'\n";
    private static final String REJECTED_1_4_0 = "/etc/coredns/Corefile:3 - Error during parsing: Unknown directive 'grpc'\n\n";

    @Test
    void theBannerLineMeansServing() {
        assertThat(CoreDnsLog.servingVersion(SERVING_1_6_2)).hasValue("1.6.2");
    }

    @Test
    void aTimestampedInfoLineIsNotTheBanner() {
        assertThat(CoreDnsLog.servingVersion(STARTING_1_6_2)).isEmpty();
        assertThat(CoreDnsLog.servingVersion(REJECTED_1_6_2)).isEmpty();
    }

    @Test
    void theErrorLineIsTheLastNonBlankLine() {
        assertThat(CoreDnsLog.errorLine(REJECTED_1_6_2)).isEqualTo("plugin/grpc: this plugin can only be used once per Server Block");
        assertThat(CoreDnsLog.errorLine(REJECTED_1_4_0)).isEqualTo("/etc/coredns/Corefile:3 - Error during parsing: Unknown directive 'grpc'");
        assertThat(CoreDnsLog.errorLine("")).isEqualTo("(CoreDNS printed nothing)");
    }

    @Test
    void theTimestampOfOldVersionsCanBeLeftOut() {
        String line = CoreDnsLog.errorLine(REJECTED_1_1_2);

        assertThat(line).startsWith("2026/11/25 21:31:13 ");
        assertThat(CoreDnsLog.withoutTimestamp(line)).isEqualTo("/etc/coredns/Corefile:3 - Error during parsing: Unknown directive 'grpc'");
        assertThat(CoreDnsLog.withoutTimestamp(CoreDnsLog.errorLine(REJECTED_1_6_2))).isEqualTo(CoreDnsLog.errorLine(REJECTED_1_6_2));
    }
}
