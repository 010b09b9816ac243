package io.github.istiocoredns.e2e.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.manifests.FixedClusterIp;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.ManifestFiles;
import io.github.istiocoredns.e2e.manifests.ManifestProblem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest and Corefile is used by a variant; every variant's files exist, load strictly, agree
 * with what the variant declares, and are consistent in the variant's cluster, exactly when the
 * catalog expects the API server to accept them.
 */
class CatalogCompletenessTest {

    /** Any address: istiocoredns gets its clusterIP only in a cluster. */
    private static final String SAMPLE_ISTIOCOREDNS_IP = "10.96.200.53";

    private static final VariantCatalog CATALOG = VariantCatalog.load();
    private static final VariantSetup SETUP = new VariantSetup(CATALOG);

    static Stream<Variant> variants() {
        return CATALOG.variants().stream();
    }

    @Test
    void everyManifestIsUsedByAVariantOrThePlatform() {
        Set<String> used = new HashSet<>();
        CATALOG.variants().forEach(v -> used.addAll(v.manifests()));
        used.add(CATALOG.platform().istio().istiodValues());
        used.add(CATALOG.platform().istio().upstreamEnvoyValues());
        used.add(CATALOG.platform().localNode().kubeDns());

        assertThat(TestProject.manifestFiles(".yaml", ".yml").stream().filter(f -> !ManifestFiles.isIntendedChanges(f)))
                .allSatisfy(file -> assertThat(used).as("files used by some variant").contains(file));
    }

    @Test
    void everyCorefileIsUsedByAVariant() {
        Set<String> used = new HashSet<>();
        CATALOG.variants().forEach(v -> {
            if (v.istiocoredns() != null) {
                used.add(v.istiocoredns().corefile());
            }
            if (v.kubeDnsStub() != null) {
                used.add(v.kubeDnsStub());
            }
        });

        assertThat(TestProject.manifestFiles(".Corefile"))
                .isNotEmpty()
                .allSatisfy(file -> assertThat(used).as("Corefiles used by some variant").contains(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void variantDeclaresWhatItsManifestsContain(Variant variant) {
        assertThat(SETUP.declarationMismatches(variant)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void variantIsConsistentInItsClusterExactlyWhenTheApiServerShouldAcceptIt(Variant variant) {
        List<ManifestProblem> problems = SETUP.crossObjectProblems(variant, SAMPLE_ISTIOCOREDNS_IP);

        if (variant.expected().apiserver().outcome() == ApiServerOutcome.APPLIES) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).as("the catalog expects the API server to reject %s (%s), so the unit checks must find"
                    + " a problem too", variant.id(), variant.expected().apiserver().messageFragment()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void renderedVariantLeavesNoPlaceholderAndUsesItsCorednsImage(Variant variant) {
        var rendered = SETUP.render(variant, SAMPLE_ISTIOCOREDNS_IP);
        String yaml = rendered.objects().stream().map(o -> o.object().toString()).reduce("", String::concat);

        assertThat(yaml).doesNotContain("${");
        if (variant.istiocoredns() != null) {
            assertThat(IstiocorednsRenderer.container(
                    IstiocorednsRenderer.deployment(rendered)).getImage())
                    .isEqualTo(variant.istiocoredns().image());
            assertThat(IstiocorednsRenderer.corefile(rendered))
                    .isEqualTo(TestProject.read(variant.istiocoredns().corefile()));
        }
        if (variant.fruitsClusterIp() != null) {
            assertThat(FixedClusterIp.of(rendered)).isEqualTo(variant.fruitsClusterIp());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void crashloopEvidenceIsTheCorefileErrorAtThePathTheAddOnReadsItFrom(Variant variant) {
        if (variant.expected().cluster().outcome() != ClusterOutcome.ISTIOCOREDNS_CRASHLOOP) {
            assertThat(variant.expected().cluster().outcome()).isNotNull();
            return;
        }
        var deployment = IstiocorednsRenderer.deployment(SETUP.manifests(variant));
        String corefilePath = IstiocorednsRenderer.corefilePath(deployment);

        assertThat(variant.expected().cluster().evidence())
                .isEqualTo(variant.expected().corefile().errorLineFor(corefilePath));
    }
}
