package io.github.istiocoredns.e2e.nodetier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.catalog.Basis;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.variantrun.VariantSelection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the node tier derives and selects, without a node. */
class NodeTierBuildingBlocksTest {

    private static final List<Variant> CLUSTER_VARIANTS = VariantCatalog.load().variants().stream().filter(VariantSelection::runsInCluster).toList();

    @Test
    void envoysRefusalBecomesARouteOnANodeWithoutEnvoy() {
        Expectations.Cluster registryOnly = new Expectations.Cluster(ClusterOutcome.RESOLVES_NOT_ROUTED, "502", Basis.HYPOTHESIS, "FACTS §5");

        Expectations.Cluster node = NodeExpectation.of(registryOnly);

        assertThat(node.outcome()).isEqualTo(ClusterOutcome.RESOLVES_AND_ROUTES);
        assertThat(node.evidence()).isNull();
        assertThat(node.basis()).isEqualTo(Basis.HYPOTHESIS);
        assertThat(node.source()).startsWith("FACTS §5").contains(NodeExpectation.NO_ENVOY);
    }

    @Test
    void aRouteKeepsItsOutcomeButNotTheEnvoyClusterAsEvidence() {
        Expectations.Cluster passthrough = new Expectations.Cluster(ClusterOutcome.RESOLVES_AND_ROUTES, "to cluster PassthroughCluster",
                Basis.OBSERVED, "cluster tier run");

        Expectations.Cluster node = NodeExpectation.of(passthrough);

        assertThat(node.outcome()).isEqualTo(ClusterOutcome.RESOLVES_AND_ROUTES);
        assertThat(node.evidence()).as("no Envoy on the node to say which cluster routed").isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ClusterOutcome.class, names = {"RESOLVES_NOT_ROUTED", "RESOLVES_AND_ROUTES"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOtherOutcomeIsDecidedBeforeEnvoyAndStays(ClusterOutcome outcome) {
        Expectations.Cluster cluster = new Expectations.Cluster(outcome, "evidence", Basis.OBSERVED, "run");

        assertThat(NodeExpectation.of(cluster)).isSameAs(cluster);
    }

    @Test
    void allOrNothingSelectsEveryVariantOfTheClusterTier() {
        assertThat(VariantSelection.selected(CLUSTER_VARIANTS, "", NodeTierIT.VARIANTS_PROPERTY)).isEqualTo(CLUSTER_VARIANTS);
        assertThat(VariantSelection.selected(CLUSTER_VARIANTS, " all ", NodeTierIT.VARIANTS_PROPERTY)).isEqualTo(CLUSTER_VARIANTS);
    }

    @Test
    void namedVariantsKeepTheCatalogsOrder() {
        String second = CLUSTER_VARIANTS.get(1).id();
        String first = CLUSTER_VARIANTS.get(0).id();

        assertThat(VariantSelection.selected(CLUSTER_VARIANTS, second + " , " + first, NodeTierIT.VARIANTS_PROPERTY)).extracting(Variant::id).containsExactly(first, second);
    }

    @Test
    void anUnknownIdIsAnErrorNotAnEmptyRun() {
        assertThatThrownBy(() -> VariantSelection.selected(CLUSTER_VARIANTS, CLUSTER_VARIANTS.get(0).id() + ",no-such-variant", NodeTierIT.VARIANTS_PROPERTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-variant")
                .hasMessageContaining(NodeTierIT.VARIANTS_PROPERTY);
    }
}
