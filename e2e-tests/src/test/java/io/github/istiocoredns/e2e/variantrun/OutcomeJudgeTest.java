package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.catalog.Basis;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.http.ClientOutput;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.ExecResult;
import io.github.istiocoredns.e2e.http.HttpAnswer;
import io.github.istiocoredns.e2e.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict of one variant from what a meshed client saw: every negative outcome needs its own evidence. */
class OutcomeJudgeTest {

    private static final String AU = ClientOutput.AU;
    private static final OutcomeJudge JUDGE = new OutcomeJudge("10.103.1.1", AU, true);
    private static final OutcomeJudge NO_MESH = new OutcomeJudge("10.103.1.1", AU, false);
    private static final DnsAnswer RESOLVED = dns("NOERROR", "my-fruits.internal.\t30\tIN\tA\t10.103.1.1");
    private static final DnsAnswer NXDOMAIN = dns("NXDOMAIN");
    private static final HttpAnswer ROUTED = http(200, AU, "server: envoy", "x-envoy-upstream-service-time: 4");
    private static final HttpAnswer BLOCK_ALL = http(502, "", "content-length: 0", "server: envoy");

    private static DnsAnswer dns(String status, String... answers) {
        return DnsAnswer.parse(new ExecResult(0, ClientOutput.dig(status, answers), ""));
    }

    private static HttpAnswer http(int status, String body, String... headers) {
        return HttpAnswer.parse(new ExecResult(0, ClientOutput.curl(status, body, headers), ""));
    }

    private static Observation seen(DnsAnswer dns, HttpAnswer http) {
        return new Observation(null, null, null, dns, http, null);
    }

    @Test
    void theChainIsJudgedInOrder() {
        assertThat(JUDGE.judge(Observation.rejected("provided IP is not in the valid range")).outcome()).isEqualTo(ClusterOutcome.APPLY_REJECTED);
        assertThat(JUDGE.judge(Observation.pullFailed("schema 1: ...")).outcome()).isEqualTo(ClusterOutcome.IMAGE_UNPULLABLE);
        assertThat(JUDGE.judge(Observation.crashLooping("plugin/grpc: ...")).outcome()).isEqualTo(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP);
        assertThat(JUDGE.judge(seen(NXDOMAIN, null)).outcome()).isEqualTo(ClusterOutcome.NOT_RESOLVED);
        assertThat(JUDGE.judge(seen(RESOLVED, BLOCK_ALL)).outcome()).isEqualTo(ClusterOutcome.RESOLVES_NOT_ROUTED);
        assertThat(JUDGE.judge(seen(RESOLVED, ROUTED)).outcome()).isEqualTo(ClusterOutcome.RESOLVES_AND_ROUTES);
    }

    @Test
    void aBrokenDnsIsNeverANameThatDoesNotResolve() {
        DnsAnswer elsewhere = dns("NOERROR", "my-fruits.internal.\t30\tIN\tA\t10.43.1.1");
        DnsAnswer servfail = dns("SERVFAIL");
        DnsAnswer noServer = DnsAnswer.parse(new ExecResult(9, ";; no servers could be reached\n", ""));
        DnsAnswer execFailed = DnsAnswer.parse(new ExecResult(-1, "", "exec failed: pod not found"));

        for (DnsAnswer broken : List.of(elsewhere, servfail, noServer, execFailed)) {
            OutcomeJudge.Judged judged = JUDGE.judge(seen(broken, null));
            assertThat(judged.outcome()).as(broken.toString()).isEqualTo(ClusterOutcome.DNS_BROKEN);
            assertThat(OutcomeJudge.verdict(expected(ClusterOutcome.NOT_RESOLVED, "NXDOMAIN"), judged)).as(broken.toString())
                    .isEqualTo(Verdict.CONTRADICTS);
        }
        assertThat(JUDGE.judge(seen(elsewhere, ROUTED)).evidence()).contains("A 10.43.1.1").contains("expected A 10.103.1.1");
        assertThat(JUDGE.judge(seen(servfail, null)).evidence()).contains("SERVFAIL");
        assertThat(OutcomeJudge.verdict(expected(ClusterOutcome.NOT_RESOLVED, "NXDOMAIN"), JUDGE.judge(seen(NXDOMAIN, null)))).isEqualTo(Verdict.AGREES);
    }

    @Test
    void aBrokenRouteIsNeverTheMeshsRefusal() {
        List<HttpAnswer> broken = List.of(
                HttpAnswer.parse(new ExecResult(28, "\n000", "")),
                HttpAnswer.parse(new ExecResult(-1, "", "exec failed")),
                HttpAnswer.parse(new ExecResult(56, "\n000", "")),
                http(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure", "server: envoy"),
                http(502, "", "server: envoy", "x-envoy-upstream-service-time: 2"),
                http(200, "{}", "server: envoy", "x-envoy-upstream-service-time: 2"));
        Expectations.Cluster refused = expected(ClusterOutcome.RESOLVES_NOT_ROUTED, "HTTP 502 from the client's sidecar itself");

        for (HttpAnswer answer : broken) {
            OutcomeJudge.Judged judged = JUDGE.judge(seen(RESOLVED, answer));
            assertThat(judged.outcome()).as(answer.toString()).isEqualTo(ClusterOutcome.ROUTE_BROKEN);
            assertThat(OutcomeJudge.verdict(refused, judged)).as(answer.toString()).isEqualTo(Verdict.CONTRADICTS);
        }
        assertThat(OutcomeJudge.verdict(refused, JUDGE.judge(seen(RESOLVED, BLOCK_ALL)))).isEqualTo(Verdict.AGREES);
        assertThat(JUDGE.judge(seen(RESOLVED, null)).outcome()).isEqualTo(ClusterOutcome.ROUTE_BROKEN);
    }

    @Test
    void aRouteCountsOnlyThroughEnvoyWhereTheClusterHasTheMesh() {
        HttpAnswer bypassed = http(200, AU, "Server: fruits-api");

        assertThat(JUDGE.judge(seen(RESOLVED, bypassed)).outcome()).as("the mesh's cluster: no Envoy header, not meshed")
                .isEqualTo(ClusterOutcome.ROUTE_BROKEN);
        assertThat(JUDGE.judge(seen(RESOLVED, bypassed)).evidence()).contains("not through Envoy");
        assertThat(NO_MESH.judge(seen(RESOLVED, bypassed)).outcome()).as("the local node has no mesh: kube-proxy routes")
                .isEqualTo(ClusterOutcome.RESOLVES_AND_ROUTES);
        assertThat(JUDGE.judge(seen(RESOLVED, ROUTED)).evidence()).contains("x-envoy-upstream-service-time: 4");
        assertThat(NO_MESH.judge(seen(RESOLVED, BLOCK_ALL)).outcome()).as("no mesh, no refusal").isEqualTo(ClusterOutcome.ROUTE_BROKEN);
    }

    @Test
    void theBrokenOutcomesAgreeWithNothingAndCannotBeExpected() {
        for (ClusterOutcome broken : List.of(ClusterOutcome.DNS_BROKEN, ClusterOutcome.ROUTE_BROKEN)) {
            assertThat(broken.expectable()).isFalse();
            assertThat(OutcomeJudge.verdict(expected(broken, null), new OutcomeJudge.Judged(broken, "x"))).isEqualTo(Verdict.CONTRADICTS);
        }
    }

    @Test
    void anExpectedFailureAgreesOnlyWithTheExpectedEvidence() {
        var expected = new Expectations.Cluster(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP, "plugin/grpc: this plugin can only be used once per Server Block",
                Basis.HYPOTHESIS, "s");

        Verdict right = OutcomeJudge.verdict(expected, JUDGE.judge(Observation.crashLooping(
                "/etc/coredns/Corefile:4 - Error during setup: plugin/grpc: this plugin can only be used once per Server Block")));
        Verdict otherLine = OutcomeJudge.verdict(expected, JUDGE.judge(Observation.crashLooping("Unknown directive 'proxy'")));
        Verdict notCrashing = OutcomeJudge.verdict(expected, JUDGE.judge(seen(RESOLVED, ROUTED)));

        assertThat(right).isEqualTo(Verdict.AGREES);
        assertThat(otherLine).isEqualTo(Verdict.CONTRADICTS);
        assertThat(notCrashing).isEqualTo(Verdict.CONTRADICTS);
    }

    @Test
    void everyCatalogClusterExpectationCanBeJudged() {
        List<ClusterOutcome> judgeable = List.of(ClusterOutcome.RESOLVES_AND_ROUTES, ClusterOutcome.RESOLVES_NOT_ROUTED, ClusterOutcome.NOT_RESOLVED,
                ClusterOutcome.ISTIOCOREDNS_CRASHLOOP, ClusterOutcome.IMAGE_UNPULLABLE, ClusterOutcome.APPLY_REJECTED);
        List<String> unjudgeable = new ArrayList<>();
        VariantCatalog.load().variants().stream().filter(VariantSelection::runsInCluster)
                .filter(v -> !judgeable.contains(v.expected().cluster().outcome())).forEach(v -> unjudgeable.add(v.id()));

        assertThat(unjudgeable).isEmpty();
        assertThat(VariantCatalog.load().variants().stream().filter(VariantSelection::runsInCluster)).as("the tier has cases").isNotEmpty();
    }

    private static Expectations.Cluster expected(ClusterOutcome outcome, String evidence) {
        return new Expectations.Cluster(outcome, evidence, Basis.HYPOTHESIS, "s");
    }
}
