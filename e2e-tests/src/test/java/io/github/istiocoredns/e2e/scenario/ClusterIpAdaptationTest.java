package io.github.istiocoredns.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.manifests.Cidr;
import org.junit.jupiter.api.Test;

class ClusterIpAdaptationTest {

    private final VariantCatalog catalog = VariantCatalog.load(TestProject.root());

    @Test
    void movesTheArticlesAddressIntoAnotherRangeKeepingItsHostPart() {
        var variant = catalog.variant("corrected-corefile-coredns-custom");

        assertThat(ClusterIpAdaptation.addressFor(variant, "10.103.1.1", Cidr.parse("10.43.0.0/16"))).isEqualTo("10.43.1.1");
        assertThat(ClusterIpAdaptation.addressFor(variant, "10.103.1.1", Cidr.parse("10.96.0.0/12"))).isEqualTo("10.103.1.1");
    }

    @Test
    void neverMovesTheAddressOfAVariantThatExpectsItToBeRejected() {
        var variant = catalog.variant("article-as-published-on-k3s-default-service-range");

        assertThat(ClusterIpAdaptation.allowed(variant)).isFalse();
        assertThat(ClusterIpAdaptation.addressFor(variant, "10.103.1.1", Cidr.parse("10.43.0.0/16"))).isEqualTo("10.103.1.1");
    }
}
