package io.github.istiocoredns.e2e.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientProbesTest {

    @Test
    void digAnswerKeepsTheAddressesTheResponseCodeAndTheServer() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("NOERROR", "my-fruits.internal.\t30\tIN\tA\t10.103.1.1"), ""));

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.addresses()).containsExactly("10.103.1.1");
        assertThat(answer.resolvesTo("10.103.1.1")).isTrue();
        assertThat(answer.resolvesTo("10.43.1.1")).isFalse();
        assertThat(answer.nxdomain()).isFalse();
        assertThat(answer.toString()).isEqualTo("A 10.103.1.1 from 10.96.0.10#53(10.96.0.10) (UDP)");
    }

    @Test
    void cnameLinesAreNotAddresses() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("NOERROR", "a.example.\t30\tIN\tCNAME\tb.example.",
                "b.example.\t30\tIN\tA\t192.0.2.7"), ""));

        assertThat(answer.addresses()).containsExactly("192.0.2.7");
    }

    @Test
    void onlyNxdomainSaysTheNameDoesNotExist() {
        DnsAnswer nxdomain = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("NXDOMAIN"), ""));
        DnsAnswer servfail = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("SERVFAIL"), ""));
        DnsAnswer refused = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("REFUSED"), ""));
        DnsAnswer nodata = DnsAnswer.parse(new ExecResult(0, ClientOutput.dig("NOERROR"), ""));

        assertThat(nxdomain.nxdomain()).isTrue();
        assertThat(nxdomain.toString()).startsWith("NXDOMAIN");
        assertThat(servfail.nxdomain()).as("SERVFAIL: the server failed, the name may exist").isFalse();
        assertThat(servfail.resolved()).isFalse();
        assertThat(servfail.toString()).startsWith("SERVFAIL");
        assertThat(refused.nxdomain()).isFalse();
        assertThat(nodata.nxdomain()).as("NOERROR without A: the name exists").isFalse();
        assertThat(nodata.toString()).startsWith("NOERROR without an A record");
    }

    @Test
    void digWithoutAServerIsNeitherResolvedNorNxdomain() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(9, ";; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n", ""));

        assertThat(answer.resolved()).isFalse();
        assertThat(answer.nxdomain()).as("a timeout proves nothing about the name").isFalse();
        assertThat(answer.failure()).contains("exit 9").contains("no servers could be reached");
    }

    @Test
    void digThatDidNotFinishOrPrintedNoHeaderIsAFailure() {
        assertThat(DnsAnswer.parse(new ExecResult(-1, "", "no exit within 15 s")).failure()).contains("did not finish");
        assertThat(DnsAnswer.parse(new ExecResult(0, "10.103.1.1\n", "")).failure()).as("+short output has no response code")
                .contains("no response header");
    }

    @Test
    void curlOutputSplitsIntoHeadersBodyAndStatus() {
        HttpAnswer answer = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(200, ClientOutput.AU, "server: envoy", "x-envoy-upstream-service-time: 3"), ""));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ClientOutput.AU);
        assertThat(answer.is(200, ClientOutput.AU)).isTrue();
        assertThat(answer.is(200, ClientOutput.AU + " ")).isFalse();
        assertThat(answer.throughEnvoy()).isTrue();
        assertThat(answer.header("Server")).hasValue("envoy");
        assertThat(answer.refusedByEnvoy()).isFalse();
    }

    @Test
    void bodyWithItsOwnLineBreaksKeepsThem() {
        HttpAnswer answer = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(502, "a\nb\n"), ""));

        assertThat(answer.body()).isEqualTo("a\nb\n");
        assertThat(answer.status()).isEqualTo(502);
    }

    @Test
    void onlyEnvoysOwnEmpty502IsTheMeshsRefusal() {
        HttpAnswer blockAll = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(502, "", "content-length: 0", "server: envoy"), ""));
        HttpAnswer upstream502 = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(502, "", "server: envoy", "x-envoy-upstream-service-time: 2"), ""));
        HttpAnswer connectFailure = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(503,
                "upstream connect error or disconnect/reset before headers. reset reason: connection failure", "server: envoy"), ""));
        HttpAnswer notEnvoy = HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(502, "", "server: nginx"), ""));

        assertThat(blockAll.refusedByEnvoy()).isTrue();
        assertThat(blockAll.toString()).isEqualTo("HTTP 502 (server: envoy) (empty body)");
        assertThat(upstream502.refusedByEnvoy()).as("an upstream's 502 went through Envoy's router").isFalse();
        assertThat(connectFailure.refusedByEnvoy()).as("Envoy tried to route and failed").isFalse();
        assertThat(notEnvoy.refusedByEnvoy()).isFalse();
    }

    @Test
    void noResponseNamesCurlsReason() {
        assertThat(HttpAnswer.parse(new ExecResult(6, "\n000", "")).toString()).isEqualTo("no HTTP response (curl exit 6: could not resolve host)");
        assertThat(HttpAnswer.parse(new ExecResult(56, "\n000", "")).responded()).isFalse();
        assertThat(HttpAnswer.parse(new ExecResult(28, "\n000", "")).refusedByEnvoy()).as("a timeout is no refusal").isFalse();
        assertThat(HttpAnswer.parse(new ExecResult(-1, "", "")).toString()).contains("did not finish");
    }

    @Test
    void commandsBoundTheirOwnTimeAskForTheResponseCodeAndTheHeadersAndNeedNoShell() {
        assertThat(ClientCommands.dig("my-fruits.internal")).containsExactly("dig", "+noall", "+comments", "+answer", "+stats", "+time=2",
                "+tries=1", "my-fruits.internal", "A");
        assertThat(ClientCommands.curl("http://my-fruits.internal/api/fruits/au"))
                .containsSubsequence("curl", "-s", "-D", "-", "-o", "-", "-w", "\n%{http_code}", "--max-time", "5", "http://my-fruits.internal/api/fruits/au");
    }
}
