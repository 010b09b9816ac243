package io.github.istiocoredns.e2e.existing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.scenario.ClusterIpAdaptation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient
class ExistingClusterBuildingBlocksTest {

    /** The message kube-apiserver gives for a clusterIP outside its range (pkg/registry/core/service/ipallocator). */
    private static final String REFUSAL = "Service \"service-range-probe\" is invalid: spec.clusterIPs: Invalid value: []string{\"203.0.113.1\"}: "
            + "failed to allocate IP 203.0.113.1: the provided IP (203.0.113.1) is not in the valid range. The range of valid IPs is 10.0.0.0/16";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void k3sUnlessExistingIsAskedFor() {
        assertThat(ClusterChoice.decide("", "/home/me/.kube/config", "/home/me/.kube/config").kind()).as("a kubeconfig alone is no opt-in")
                .isEqualTo(ClusterChoice.Kind.K3S);
        assertThat(ClusterChoice.decide(null, null, null).missing()).isEmpty();
    }

    @Test
    void existingTakesThePropertyBeforeTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config"), "apiVersion: v1\n");

        ClusterChoice fromProperty = ClusterChoice.decide("existing", file.toString(), "/elsewhere");
        ClusterChoice fromEnvironment = ClusterChoice.decide("existing", "", file + java.io.File.pathSeparator + "/second");

        assertThat(fromProperty.kubeconfig()).isEqualTo(file);
        assertThat(fromEnvironment.kubeconfig()).isEqualTo(file);
        assertThat(fromProperty.missing()).isEmpty();
    }

    @Test
    void existingWithoutAKubeconfigSaysWhatToGive() {
        assertThat(ClusterChoice.decide("existing", "", null).missing()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("-Dconformance.cluster=existing needs a kubeconfig: -Dkubeconfig=<path> or the KUBECONFIG variable"));
        assertThat(ClusterChoice.decide("existing", "/no/such/file", null).missing()).get().asString().contains("is not a file");
        assertThat(ClusterChoice.decide("kind", "", null).missing()).get().asString().contains("neither k3s nor existing");
    }

    @Test
    void serviceRangeIsReadFromTheRefusal() {
        assertThat(ServiceRangeDiscovery.fromRefusal(REFUSAL)).contains(Cidr.parse("10.0.0.0/16"));
        assertThat(ServiceRangeDiscovery.fromRefusal("something else")).isEmpty();
        assertThat(ServiceRangeDiscovery.fromRefusal(null)).isEmpty();
    }

    @Test
    void serviceRangeIsDiscoveredWithADryRunThatTheServerRefuses() {
        server.expect().post().withPath("/api/v1/namespaces/default/services?dryRun=All")
                .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid").withMessage(REFUSAL).build()).once();

        assertThat(ServiceRangeDiscovery.discover(client, "default")).isEqualTo(Cidr.parse("10.0.0.0/16"));
    }

    @Test
    void theArticlesAddressIsMovedIntoTheDiscoveredRange() {
        VariantCatalog catalog = VariantCatalog.load();
        Cidr range = ServiceRangeDiscovery.fromRefusal(REFUSAL).orElseThrow();

        String address = ClusterIpAdaptation.addressFor(catalog.variant("corrected-corefile-coredns-custom"), "10.103.1.1", range);

        assertThat(range.contains(address)).as(address + " in " + range).isTrue();
    }

    @Test
    void restoreRunsOnceWhetherByCloseOrByTheHook() {
        AtomicInteger restores = new AtomicInteger();
        RestoreGuard guard = RestoreGuard.arm(restores::incrementAndGet);

        guard.runOnce();
        guard.close();

        assertThat(restores).hasValue(1);
        assertThat(guard.restored()).isTrue();
    }

    @Test
    void aDisarmedGuardDoesNotRestoreAgain() {
        AtomicInteger restores = new AtomicInteger();
        try (RestoreGuard guard = RestoreGuard.arm(restores::incrementAndGet)) {
            guard.disarm();
        }

        assertThat(restores).hasValue(0);
    }
}
