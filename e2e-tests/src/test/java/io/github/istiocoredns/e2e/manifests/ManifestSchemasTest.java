package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every YAML file under manifests/ parses strictly with its schema: no file escapes checking. */
class ManifestSchemasTest {

    static Stream<String> yamlFiles() {
        return TestProject.manifestFiles(".yaml", ".yml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void yamlFileParsesStrictlyWithItsSchema(String file) {
        StrictBinding binding = new StrictBinding();
        Object parsed;
        if (ManifestFiles.isHelmValues(file)) {
            parsed = IstiodValues.load(TestProject.file(file), file, binding);
        } else if (ManifestFiles.isIntendedChanges(file)) {
            parsed = IntendedChanges.load(TestProject.file(file), file, binding);
        } else {
            parsed = new StrictManifestLoader(TestProject.root(), binding).loadFile(TestProject.file(file));
        }
        assertThat(parsed).isNotNull();
    }
}
