package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictManifestLoaderTest {

    private final StrictManifestLoader loader = new StrictManifestLoader(TestProject.resource("broken").getParent());

    static Stream<String> kubernetesManifests() {
        return TestProject.manifestFiles(".yaml", ".yml").stream().filter(ManifestFiles::isKubernetesManifest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesManifests")
    void everyManifestLoadsStrictlyIntoTypedModels(String file) {
        List<LoadedObject> objects = new StrictManifestLoader(TestProject.root()).loadFile(TestProject.file(file));

        assertThat(objects).isNotEmpty();
        assertThat(objects).allSatisfy(o -> assertThat(o.object().getClass().getName())
                .as("%s must bind to a typed model", o.ref())
                .doesNotContain("GenericKubernetesResource"));
    }

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                Arguments.of("misspelt-field.yaml", List.of("broken/misspelt-field.yaml, document 1 (Deployment/micro-shake-factory/fruits-api-deployment-v1), line 18, column 11",
                        "field spec.template.spec.containers[0].imagePullPolisy", "unknown field 'imagePullPolisy'")),
                Arguments.of("wrong-type.yaml", List.of("document 2 (Service/micro-shake-factory/fruits-api-service), line 16",
                        "field spec.ports[0].port", "value \"80\" is a string but the schema wants a number")),
                Arguments.of("malformed.yaml", List.of("broken/malformed.yaml, document 1, line 5", "malformed YAML")),
                Arguments.of("unknown-kind.yaml", List.of("document 2", "line 11", "field kind",
                        "no typed model for kind 'VirtualServise' in apiVersion 'networking.istio.io/v1alpha3'")),
                Arguments.of("unquoted-annotation.yaml", List.of("line 15", "field spec.template.metadata.annotations['sidecar.istio.io/inject']",
                        "value false is a boolean but the schema wants a string (quote it: \"false\")")),
                Arguments.of("invalid-enum.yaml", List.of("line 12", "field spec.resolution", "value \"DNZ\" is not valid here")),
                Arguments.of("duplicate-key.yaml", List.of("line 8", "field spec.clusterIP", "duplicate key 'clusterIP' (first written at line 7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void brokenManifestFailsNamingFileLineAndField(String fixture, List<String> expectedFragments) {
        ManifestException failure = catchThrowableOfType(ManifestException.class,
                () -> loader.loadFile(TestProject.resource("broken/" + fixture)));

        assertThat(failure).as("loading broken/%s must fail", fixture).isNotNull();
        assertThat(failure.problems()).hasSize(1);
        String problem = failure.problems().get(0).toString();
        assertThat(problem).contains(expectedFragments);
        assertThat(failure.getMessage()).doesNotContain("Exception", "\tat ", "io.fabric8", "com.fasterxml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void aSetWithOneBrokenFileFailsWithThatFileNamed(String fixture, List<String> ignored) {
        assertThatThrownBy(() -> loader.load(List.of(TestProject.file("manifests/fruits-api/fruits-api-se.yml"),
                        TestProject.resource("broken/" + fixture))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("broken/" + fixture);
    }

    @org.junit.jupiter.api.Test
    void aManifestWithoutAnyDocumentIsAnError() {
        assertThatThrownBy(() -> loader.parse("empty.yaml", "# only a comment\n---\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("empty.yaml: the manifest holds no YAML document");
    }

    @org.junit.jupiter.api.Test
    void numbersWrittenAsStringsAreRejectedLikeTheApiServerDoes() {
        String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: \"1\"\n";

        assertThatThrownBy(() -> loader.parse("inline.yaml", deployment))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("field spec.replicas")
                .hasMessageContaining("value \"1\" is a string but the schema wants a number (unquote it)");
    }
}
