package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.istiocoredns.e2e.SystemProperties;
import io.github.istiocoredns.e2e.catalog.Basis;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.http.ClientOutput;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.ExecResult;
import io.github.istiocoredns.e2e.http.HttpAnswer;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.k3s.K3sCluster;
import io.github.istiocoredns.e2e.k3s.K3sStartFailures;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.istiocoredns.e2e.report.ReportPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTierBuildingBlocksTest {

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

    // --- skip decision ---

    @Test
    void noImageAndNoRegistryGivesTheOneLineReasonWithTheWayOut(@TempDir Path dir) throws Exception {
        Path tarball = Files.createFile(dir.resolve("jib-image.tar"));
        ImagePresence.Finding offline = new ImagePresence.Finding("rancher/k3s:v1.35.6-k3s1", true, false, "dial tcp: no such host");

        var missing = ClusterTierPrerequisite.missing(ClusterChoice.decide("", "", null), () -> offline, tarball);

        assertThat(missing).hasValue("image rancher/k3s:v1.35.6-k3s1 is not present and no registry is reachable (docker pull failed: dial tcp: "
                + "no such host); run on a machine with internet (GitHub Actions: e2e.yml) or point -Dkubeconfig at a cluster with "
                + "-Dconformance.cluster=existing");
    }

    @Test
    void presentImageAndTarballMeanTheTierRuns(@TempDir Path dir) throws Exception {
        Path tarball = Files.createFile(dir.resolve("jib-image.tar"));
        ImagePresence.Finding present = new ImagePresence.Finding("rancher/k3s:v1", true, true, null);

        assertThat(ClusterTierPrerequisite.missing(ClusterChoice.decide("k3s", "", null), () -> present, tarball)).isEmpty();
        assertThat(ClusterTierPrerequisite.missing(ClusterChoice.decide("k3s", "", null), () -> present, dir.resolve("absent.tar")))
                .get().asString().contains("fruits-api image tarball").contains("./mvnw -pl fruits-api package");
    }

    @Test
    void anExistingClusterNeedsNoK3sImage(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\n");
        AtomicInteger asked = new AtomicInteger();

        var missing = ClusterTierPrerequisite.missing(ClusterChoice.decide("existing", kubeconfig.toString(), null), () -> {
            asked.incrementAndGet();
            return new ImagePresence.Finding("x", false, false, null);
        }, dir.resolve("absent.tar"));

        assertThat(missing).isEmpty();
        assertThat(asked).as("no docker pull for an existing cluster").hasValue(0);
    }

    // --- outcome and verdict ---

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

    private static Expectations.Cluster expected(ClusterOutcome outcome, String evidence) {
        return new Expectations.Cluster(outcome, evidence, Basis.HYPOTHESIS, "s");
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
        VariantCatalog.load().variants().stream().filter(ClusterTierIT::clusterTierRuns)
                .filter(v -> !judgeable.contains(v.expected().cluster().outcome())).forEach(v -> unjudgeable.add(v.id()));

        assertThat(unjudgeable).isEmpty();
        assertThat(VariantCatalog.load().variants().stream().filter(ClusterTierIT::clusterTierRuns)).as("the tier has cases").isNotEmpty();
    }

    @Test
    void aVariantThatNeedsItsAddressRefusedIsNotObservedOnAClusterWithAnotherRange() {
        VariantCatalog catalog = VariantCatalog.load();
        Cidr article = Cidr.parse("10.96.0.0/12");

        assertThat(ClusterTierIT.needsAnotherServiceRange(catalog.variant("article-as-published-on-k3s-default-service-range"), article))
                .hasValueSatisfying(reason -> assertThat(reason).contains("10.43.0.0/16").contains("10.96.0.0/12"));
        assertThat(ClusterTierIT.needsAnotherServiceRange(catalog.variant("article-as-published-on-k3s-default-service-range"),
                Cidr.parse("10.43.0.0/16"))).isEmpty();
        assertThat(ClusterTierIT.needsAnotherServiceRange(catalog.variant("fixed-cluster-ip-overridden-for-k3s-default-service-range"), article))
                .as("its address may move").isEmpty();
    }

    // --- parity with the article's image ---

    @Test
    void onlyThePublishedOriginalsPullFailureSkipsTheParityCheck() {
        PullFailures.Failure original = new PullFailures.Failure("original", "fruits-api", "original/fruits-api image istiosuccinctly/fruits-api:1.0.0: "
                + "ErrImagePull: dial tcp: lookup registry-1.docker.io: no such host (final: failing for 60 s)");
        PullFailures.Failure ours = new PullFailures.Failure("ours", "fruits-api", "ours/fruits-api image localhost/istiocoredns/fruits-api:0.1.0: "
                + "ErrImagePull: not found (final: failing for 60 s)");

        assertThat(ParityInCluster.skipReason(original, "ours")).contains("istiosuccinctly/fruits-api:1.0.0");
        assertThatThrownBy(() -> ParityInCluster.skipReason(ours, "ours")).hasMessageContaining("our fruits-api image did not run")
                .hasMessageContaining("localhost/istiocoredns/fruits-api");
    }

    @Test
    void aParitySkipBecomesAFailureWhereTheClusterTierIsDemanded() {
        Optional<String> unpullable = Optional.of("parity not compared: the published istiosuccinctly/fruits-api:1.0.0 cannot be pulled here");

        assertThatThrownBy(() -> SystemProperties.with(TierPrerequisite.REQUIRE_PROPERTY, "cluster", () -> {
            TierPrerequisite.check(Tier.CLUSTER, unpullable);
            return null;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("required by -Dconformance.require=cluster");
        assertThatThrownBy(() -> SystemProperties.with(TierPrerequisite.REQUIRE_PROPERTY, null, () -> {
            TierPrerequisite.check(Tier.CLUSTER, unpullable);
            return null;
        })).isInstanceOf(org.opentest4j.TestAbortedException.class);
    }

    // --- setup failures ---

    @Test
    void aFailedSetupWritesDiagnosticsBeforeTheClusterIsClosed() {
        List<String> events = new ArrayList<>();
        Cluster cluster = new RecordingCluster(events);
        IllegalStateException failure = new IllegalStateException("Istio ready: istiod 0 available; pod istiod-1: ErrImagePull");

        ClusterTierRun.failed(cluster, failure, (c, reason, extras) -> events.add("diagnostics of " + (c == null ? "nothing" : c.name()) + ": " + reason));

        assertThat(events).containsExactly("diagnostics of recording: cluster tier setup failed: " + failure, "closed");
    }

    @Test
    void aK3sThatDidNotStartLeavesItsContainerLog() throws Exception {
        List<String> events = new ArrayList<>();
        java.util.Map<String, java.util.concurrent.Callable<String>> written = new java.util.HashMap<>();
        K3sCluster.StartFailure failure = K3sStartFailures.of("k3s did not start", "level=fatal msg=\"failed to find cpuset cgroup\"");

        ClusterTierRun.failed(null, failure, (c, reason, extras) -> {
            events.add("diagnostics: " + reason);
            written.putAll(extras);
        });

        assertThat(events).singleElement().asString().contains("k3s did not start");
        assertThat(written.get(ClusterTierRun.K3S_LOG).call()).contains("failed to find cpuset cgroup");
    }

    @Test
    void aDiagnosticsFailureNeitherHidesTheSetupFailureNorKeepsTheClusterOpen() {
        List<String> events = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("helm install failed");

        ClusterTierRun.failed(new RecordingCluster(events), failure, (c, reason, extras) -> {
            throw new IllegalStateException("disk full");
        });

        assertThat(events).containsExactly("closed");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo("disk full");
    }

    private record RecordingCluster(List<String> events) implements Cluster {

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public io.fabric8.kubernetes.client.KubernetesClient client() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cidr serviceCidr() {
            return Cidr.parse("10.96.0.0/12");
        }

        @Override
        public boolean runsPods() {
            return true;
        }

        @Override
        public boolean runsControllers() {
            return true;
        }

        @Override
        public boolean hasKubeDns() {
            return true;
        }

        @Override
        public void close() {
            events.add("closed");
        }
    }

    // --- pod states ---

    @Test
    void readyMeansEveryContainerReady() {
        Pod running = new PodBuilder().withNewMetadata().withName("ok").endMetadata().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("client").withReady(true).endContainerStatus().endStatus().build();

        assertThat(WorkloadState.ready(running)).isTrue();
        assertThat(WorkloadState.ready(waiting("istiocoredns-1", "coredns", "coredns/coredns:1.1.2", "ErrImagePull", "x"))).isFalse();
    }

    @Test
    void crashLoopIsReadFromTheNamedContainerOnly() {
        Pod pod = waiting("istiocoredns-1", "coredns", "coredns/coredns:1.6.2", "CrashLoopBackOff", "back-off 20s restarting failed container");

        assertThat(WorkloadState.crashLooping(pod, "coredns")).isTrue();
        assertThat(WorkloadState.crashLooping(pod, "istio-coredns-plugin")).isFalse();
        assertThat(WorkloadState.describe(List.of(pod))).contains("istiocoredns-1").contains("coredns=CrashLoopBackOff");
    }

    @Test
    void phasesAreLoggedWithTheirDurationsAlsoWhenTheyFail() {
        List<String> lines = new ArrayList<>();
        PhaseLog phases = new PhaseLog(lines::add);

        phases.time("k3s start", () -> { });
        try {
            phases.time("Istio install", () -> {
                throw new IllegalStateException("chart not found");
            });
        } catch (IllegalStateException expected) {
            // the phase is still recorded
        }

        assertThat(phases.phases()).extracting(ReportPhase::name).containsExactly("k3s start", "Istio install");
        assertThat(phases.phases()).extracting(ReportPhase::completed).containsExactly(true, false);
        assertThat(lines).anyMatch(l -> l.startsWith("[phase] k3s start ...")).anyMatch(l -> l.matches("\\[phase] Istio install: FAILED after \\d+\\.\\d s"));
    }

    private static Pod waiting(String pod, String container, String image, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName(pod).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName(container).withImage(image).withReady(false).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
    }
}
