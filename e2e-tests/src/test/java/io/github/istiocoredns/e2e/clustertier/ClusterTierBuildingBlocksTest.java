package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.SystemProperties;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.k3s.K3sCluster;
import io.github.istiocoredns.e2e.k3s.K3sStartFailures;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.e2e.variantrun.PullFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTierBuildingBlocksTest {

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

}
