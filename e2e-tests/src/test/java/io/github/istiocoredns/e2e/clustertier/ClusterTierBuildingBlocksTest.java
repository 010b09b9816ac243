package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.istiocoredns.e2e.catalog.Basis;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.ExecResult;
import io.github.istiocoredns.e2e.http.HttpAnswer;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.istiocoredns.e2e.report.ReportPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTierBuildingBlocksTest {

    private static final String AU = "{\"nectarine\":2.5,\"mandarin\":2.3,\"lemon\":1.1,\"kiwi\":2.6}";
    private static final OutcomeJudge JUDGE = new OutcomeJudge("10.103.1.1", AU);
    private static final DnsAnswer RESOLVED = DnsAnswer.parse(new ExecResult(0, "10.103.1.1\n", ""));
    private static final DnsAnswer NXDOMAIN = DnsAnswer.parse(new ExecResult(0, "", ""));
    private static final HttpAnswer ROUTED = HttpAnswer.parse(new ExecResult(0, AU + "\n200", ""));
    private static final HttpAnswer BLACK_HOLE = HttpAnswer.parse(new ExecResult(0, "\n502", ""));

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
        assertThat(JUDGE.judge(new Observation(null, null, null, NXDOMAIN, null, null)).outcome()).isEqualTo(ClusterOutcome.NOT_RESOLVED);
        assertThat(JUDGE.judge(new Observation(null, null, null, RESOLVED, BLACK_HOLE, null)).outcome()).isEqualTo(ClusterOutcome.RESOLVES_NOT_ROUTED);
        assertThat(JUDGE.judge(new Observation(null, null, null, RESOLVED, ROUTED, null)).outcome()).isEqualTo(ClusterOutcome.RESOLVES_AND_ROUTES);
    }

    @Test
    void anotherAddressIsNotResolvedAndAnotherBodyIsNotRouted() {
        DnsAnswer elsewhere = DnsAnswer.parse(new ExecResult(0, "10.43.1.1\n", ""));
        HttpAnswer otherBody = HttpAnswer.parse(new ExecResult(0, "{}\n200", ""));

        OutcomeJudge.Judged wrongAddress = JUDGE.judge(new Observation(null, null, null, elsewhere, ROUTED, null));
        OutcomeJudge.Judged wrongBody = JUDGE.judge(new Observation(null, null, null, RESOLVED, otherBody, null));

        assertThat(wrongAddress.outcome()).isEqualTo(ClusterOutcome.NOT_RESOLVED);
        assertThat(wrongAddress.evidence()).contains("A 10.43.1.1").contains("expected A 10.103.1.1");
        assertThat(wrongBody.outcome()).isEqualTo(ClusterOutcome.RESOLVES_NOT_ROUTED);
        assertThat(wrongBody.label()).isEqualTo("resolves-not-routed");
    }

    @Test
    void anExpectedFailureAgreesOnlyWithTheExpectedEvidence() {
        var expected = new Expectations.Cluster(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP, "plugin/grpc: this plugin can only be used once per Server Block",
                Basis.HYPOTHESIS, "s");

        Verdict right = OutcomeJudge.verdict(expected, JUDGE.judge(Observation.crashLooping(
                "/etc/coredns/Corefile:4 - Error during setup: plugin/grpc: this plugin can only be used once per Server Block")));
        Verdict otherLine = OutcomeJudge.verdict(expected, JUDGE.judge(Observation.crashLooping("Unknown directive 'proxy'")));
        Verdict notCrashing = OutcomeJudge.verdict(expected, JUDGE.judge(new Observation(null, null, null, RESOLVED, ROUTED, null)));

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

    // --- pod states ---

    @Test
    void pullFailureNamesPodContainerImageAndMarksSchema1() {
        Pod schema1 = waiting("istiocoredns-1", "coredns", "coredns/coredns:1.1.2", "ErrImagePull",
                "failed to pull: Pulling Schema 1 images have been deprecated and disabled by default since containerd v2.0");
        Pod running = new PodBuilder().withNewMetadata().withName("ok").endMetadata().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("client").withReady(true).endContainerStatus().endStatus().build();

        assertThat(WorkloadState.pullFailure(List.of(running, schema1))).hasValueSatisfying(text -> assertThat(text)
                .startsWith("schema 1: istiocoredns-1/coredns image coredns/coredns:1.1.2: ErrImagePull: failed to pull"));
        assertThat(WorkloadState.pullFailure(List.of(running))).isEmpty();
        assertThat(WorkloadState.ready(running)).isTrue();
        assertThat(WorkloadState.ready(schema1)).isFalse();
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
