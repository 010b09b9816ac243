package io.github.istiocoredns.e2e.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientProbesTest {

    @Test
    void digAnswerKeepsOnlyAddresses() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(0, "fruits.example.\n10.103.1.1\n", ""));

        assertThat(answer.addresses()).containsExactly("10.103.1.1");
        assertThat(answer.resolvesTo("10.103.1.1")).isTrue();
        assertThat(answer.resolvesTo("10.43.1.1")).isFalse();
        assertThat(answer.toString()).isEqualTo("A 10.103.1.1");
    }

    @Test
    void emptyDigOutputIsANameThatDoesNotResolve() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(0, "\n", ""));

        assertThat(answer.notResolved()).isTrue();
        assertThat(answer.resolved()).isFalse();
        assertThat(answer.toString()).contains("NXDOMAIN");
    }

    @Test
    void digWithoutAServerIsNeitherResolvedNorNotResolved() {
        DnsAnswer answer = DnsAnswer.parse(new ExecResult(9, ";; connection timed out; no servers could be reached\n", ""));

        assertThat(answer.resolved()).isFalse();
        assertThat(answer.notResolved()).as("a timeout proves nothing about the name").isFalse();
        assertThat(answer.failure()).contains("exit 9").contains("no servers could be reached");
    }

    @Test
    void digThatDidNotFinishIsAFailure() {
        assertThat(DnsAnswer.parse(new ExecResult(-1, "", "no exit within 15 s")).failure()).contains("did not finish");
    }

    @Test
    void curlOutputSplitsIntoBodyAndStatus() {
        String body = "{\"nectarine\":2.5,\"mandarin\":2.3,\"lemon\":1.1,\"kiwi\":2.6}";
        HttpAnswer answer = HttpAnswer.parse(new ExecResult(0, body + "\n200", ""));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.is(200, body)).isTrue();
        assertThat(answer.is(200, body + " ")).isFalse();
    }

    @Test
    void bodyWithItsOwnLineBreaksKeepsThem() {
        HttpAnswer answer = HttpAnswer.parse(new ExecResult(0, "a\nb\n\n502", ""));

        assertThat(answer.body()).isEqualTo("a\nb\n");
        assertThat(answer.status()).isEqualTo(502);
    }

    @Test
    void noResponseNamesCurlsReason() {
        assertThat(HttpAnswer.parse(new ExecResult(6, "\n000", "")).toString()).isEqualTo("no HTTP response (curl exit 6: could not resolve host)");
        assertThat(HttpAnswer.parse(new ExecResult(56, "\n000", "")).responded()).isFalse();
        assertThat(HttpAnswer.parse(new ExecResult(-1, "", "")).toString()).contains("did not finish");
    }

    @Test
    void commandsBoundTheirOwnTimeAndNeedNoShell() {
        assertThat(ClientCommands.dig("my-fruits.internal")).containsExactly("dig", "+short", "+time=2", "+tries=1", "my-fruits.internal", "A");
        assertThat(ClientCommands.curl("http://my-fruits.internal/api/fruits/au"))
                .containsSubsequence("curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "5", "http://my-fruits.internal/api/fruits/au");
    }
}
