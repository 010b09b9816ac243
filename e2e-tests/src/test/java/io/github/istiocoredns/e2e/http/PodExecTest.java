package io.github.istiocoredns.e2e.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodExecTest {

    @Test
    void exitCodeIsKeptWithTheOutput() {
        assertThat(PodExec.result(0, "10.103.1.1\n", "")).isEqualTo(new ExecResult(0, "10.103.1.1\n", ""));
        assertThat(PodExec.result(9, "", ";; no servers could be reached\n")).isEqualTo(new ExecResult(9, "", ";; no servers could be reached\n"));
    }

    @Test
    void missingExitCodeIsAnUnfinishedResultThatSaysSo() {
        ExecResult result = PodExec.result(null, "10.103.1.1\n", "");

        assertThat(result.finished()).isFalse();
        assertThat(result.stdout()).isEqualTo("10.103.1.1\n");
        assertThat(result.stderr()).isEqualTo("no exit code received (the exec stream closed first)");
        assertThat(PodExec.result(null, "", "warning: x\n").stderr())
                .isEqualTo("no exit code received (the exec stream closed first); stderr: warning: x\n");
    }

    @Test
    void callersReportAMissingExitCodeAsNotFinished() {
        assertThat(DnsAnswer.parse(PodExec.result(null, "10.103.1.1\n", "")).failure())
                .contains("did not finish").contains("no exit code received");
        assertThat(HttpAnswer.parse(PodExec.result(null, "{}\n200", "")).responded()).isFalse();
    }
}
