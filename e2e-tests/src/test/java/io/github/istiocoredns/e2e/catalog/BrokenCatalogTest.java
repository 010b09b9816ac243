package io.github.istiocoredns.e2e.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A catalog with one thing wrong fails on load with the file, line, field and what is wrong. */
class BrokenCatalogTest {

    private static final String SOURCE = "catalog/minimal.yaml";
    private static final String VALID = TestProject.readPath(TestProject.resource(SOURCE));

    @Test
    void theUnbrokenFixtureLoads() {
        assertThat(VariantCatalog.parse(SOURCE, VALID, TestProject.root()).variants()).hasSize(1);
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("misspelt field", "    title: corrected\n", "    titel: corrected\n",
                        List.of("line 30, column 5", "field variants[0].titel", "unknown field 'titel'; known fields: claim, client,")),
                Arguments.of("unknown enum value", "    kubeDns: configmap-edit\n", "    kubeDns: configmap-edits\n",
                        List.of("line 41", "field variants[0].kubeDns", "invalid value 'configmap-edits'; expected one of: configmap-edit, coredns-custom, none")),
                Arguments.of("wrong type", "    manifests:\n", "    manifests: manifests/istio/client.yaml\n    unused:\n",
                        List.of("field variants[0].manifests")),
                Arguments.of("malformed YAML", "    title: corrected\n", "    title: corrected\n   demonstrates: [\n",
                        List.of("catalog/minimal.yaml, document 1, line 31", "malformed YAML")),
                Arguments.of("missing file", "manifests/istio/client.yaml", "manifests/istio/clients.yaml",
                        List.of("line 39", "field variants[0].manifests[4]", "variant 'corrected-corefile-on-coredns-1.14.7': file manifests/istio/clients.yaml does not exist")),
                Arguments.of("id not kebab-case", "  - id: corrected-corefile-on-coredns-1.14.7", "  - id: Corrected_Corefile",
                        List.of("line 29", "field variants[0].id", "ids are kebab-case")),
                Arguments.of("rejected without its error line", "        outcome: starts-and-resolves\n", "        outcome: rejected-at-startup\n",
                        List.of("field variants[0].expected.corefile.errorLine", "errorLine is required when the outcome is rejected-at-startup")),
                Arguments.of("image with a registry host", "image: coredns/coredns:1.14.7", "image: docker.io/coredns/coredns:1.14.7",
                        List.of("field variants[0].istiocoredns.image", "not a Docker Hub image name with a tag")),
                Arguments.of("agent DNS with an istiocoredns Corefile", "    istioDns: istiocoredns\n", "    istioDns: agent-dns-capture\n",
                        List.of("field variants[0].istiocoredns", "is given exactly when istioDns is istiocoredns",
                                "field variants[0].client", "the dns-capture client goes with istioDns agent-dns-capture")),
                Arguments.of("missing required field", "    outboundPolicy: ALLOW_ANY\n", "",
                        List.of("field variants[0].outboundPolicy", "required field 'outboundPolicy' is missing")),
                Arguments.of("an observation-only outcome expected", "        outcome: resolves-and-routes\n", "        outcome: dns-broken\n",
                        List.of("field variants[0].expected.cluster.outcome", "dns-broken is an observation only")),
                Arguments.of("not-resolved without its evidence", "        outcome: resolves-and-routes\n", "        outcome: not-resolved\n",
                        List.of("field variants[0].expected.cluster.evidence", "evidence is required for not-resolved")),
                Arguments.of("resolves-not-routed without its evidence", "        outcome: resolves-and-routes\n", "        outcome: resolves-not-routed\n",
                        List.of("field variants[0].expected.cluster.evidence", "evidence is required for resolves-not-routed")),
                Arguments.of("unknown cluster profile", "    clusterProfile: article-service-range\n", "    clusterProfile: k3s\n",
                        List.of("field variants[0].clusterProfile", "no cluster profile 'k3s'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void brokenCatalogFailsWithLocatedProblems(String what, String original, String replacement, List<String> expected) {
        assertThat(VALID).as("fixture text to replace").contains(original);
        String broken = VALID.replaceFirst(java.util.regex.Pattern.quote(original), java.util.regex.Matcher.quoteReplacement(replacement));

        CatalogException failure = catchThrowableOfType(CatalogException.class,
                () -> VariantCatalog.parse(SOURCE, broken, TestProject.root()));

        assertThat(failure).as("a catalog with a %s must not load", what).isNotNull();
        assertThat(failure.getMessage()).startsWith("Variant catalog catalog/minimal.yaml is invalid").contains(expected);
        assertThat(failure.getMessage()).doesNotContain("Exception", "\tat ", "com.fasterxml", "io.github.istiocoredns.e2e.catalog.");
    }

    @Test
    void duplicateIdsAndDuplicateSetupsAreRefused() {
        String variant = VALID.substring(VALID.indexOf("variants:\n") + "variants:\n".length());
        String twice = VALID + variant.replace("    title: corrected\n", "    title: corrected again\n");

        CatalogException failure = catchThrowableOfType(CatalogException.class,
                () -> VariantCatalog.parse(SOURCE, twice, TestProject.root()));

        assertThat(failure.getMessage()).contains("field variants[1].id",
                "id 'corrected-corefile-on-coredns-1.14.7' is used by an earlier variant too",
                "sets up exactly like variant 'corrected-corefile-on-coredns-1.14.7'");
    }
}
