package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.manifests.Cidr;
import org.junit.jupiter.api.Test;

class VariantRunTest {

    @Test
    void aVariantThatNeedsItsAddressRefusedIsNotObservedOnAClusterWithAnotherRange() {
        VariantCatalog catalog = VariantCatalog.load();
        Cidr article = Cidr.parse("10.96.0.0/12");

        assertThat(VariantRun.needsAnotherServiceRange(catalog, catalog.variant("article-as-published-on-k3s-default-service-range"), article))
                .hasValueSatisfying(reason -> assertThat(reason).contains("10.43.0.0/16").contains("10.96.0.0/12"));
        assertThat(VariantRun.needsAnotherServiceRange(catalog, catalog.variant("article-as-published-on-k3s-default-service-range"),
                Cidr.parse("10.43.0.0/16"))).isEmpty();
        assertThat(VariantRun.needsAnotherServiceRange(catalog, catalog.variant("fixed-cluster-ip-overridden-for-k3s-default-service-range"), article))
                .as("its address may move").isEmpty();
    }
}
