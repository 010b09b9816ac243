package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed clusterIP is one substitution: Service and ServiceEntries change together. */
class FixedClusterIpTest {

    private final StrictManifestLoader loader = new StrictManifestLoader(TestProject.root());
    private final ManifestSet manifests = loader.load(List.of(
            TestProject.file("manifests/fruits-api/fruits-api-svc.yaml"),
            TestProject.file("manifests/fruits-api/fruits-api-se.yml"),
            TestProject.file("manifests/fruits-api/fruits-api-se-with-ports.yaml")));

    @Test
    void theManifestsKeepTheArticlesAddressByDefault() {
        assertThat(FixedClusterIp.of(manifests)).isEqualTo("10.103.1.1");
        assertThat(serviceEntryAddresses(manifests)).containsOnly("10.103.1.1");
    }

    @Test
    void overrideMovesServiceAndEveryServiceEntryTogether() {
        ManifestSet moved = FixedClusterIp.override(manifests, "10.43.1.1", loader.binding());

        assertThat(moved.all(Service.class).map(s -> s.getSpec().getClusterIP())).containsExactly("10.43.1.1");
        assertThat(serviceEntryAddresses(moved)).hasSize(2).containsOnly("10.43.1.1");
        assertThat(FixedClusterIp.of(manifests)).as("the original set is not changed").isEqualTo("10.103.1.1");
    }

    @Test
    void theOverriddenSetIsConsistentInItsOwnRangeOnly() {
        ManifestSet moved = FixedClusterIp.override(manifests, "10.43.1.1", loader.binding());

        assertThat(new CrossObjectChecks(Cidr.parse("10.43.0.0/16"), loader.binding()).check(moved)).isEmpty();
        assertThat(new CrossObjectChecks(Cidr.parse("10.96.0.0/12"), loader.binding()).check(moved))
                .singleElement().asString().contains("clusterIP 10.43.1.1 is outside the cluster's service range 10.96.0.0/12");
    }

    @Test
    void anAddressThatIsNotIpv4IsRefused() {
        assertThatThrownBy(() -> FixedClusterIp.override(manifests, "10.43.1", loader.binding()))
                .hasMessageContaining("must be an IPv4 address, got '10.43.1'");
    }

    private static List<String> serviceEntryAddresses(ManifestSet set) {
        return IstioObjects.serviceEntries(set)
                .flatMap(o -> IstioObjects.serviceEntry(o.object()).get().getAddresses().stream()).toList();
    }
}
