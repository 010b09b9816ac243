package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our fruits-api manifests differ from the article's exactly by the intended changes. */
class ArticleDiffTest {

    private static final String INTENDED = "manifests/fruits-api/intended-changes.yaml";

    static Stream<IntendedChanges.Comparison> comparisons() {
        return IntendedChanges.load(TestProject.file(INTENDED), INTENDED, new StrictBinding()).comparisons().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comparisons")
    void everyDifferenceFromTheArticleIsIntended(IntendedChanges.Comparison comparison) {
        assertThat(new ArticleDiff(TestProject.root()).unexplained(comparison)).isEmpty();
    }

    @Test
    void everyIntendedChangeHasAReason() {
        assertThat(comparisons().flatMap(c -> c.changes().stream()))
                .isNotEmpty()
                .allSatisfy(change -> assertThat(change.reason()).as("reason of %s %s", change.object(), change.path()).isNotBlank());
    }

    @Test
    void everyFruitsApiManifestIsCompared() {
        List<String> compared = comparisons().map(IntendedChanges.Comparison::ours).toList();

        assertThat(TestProject.manifestFiles(".yaml", ".yml").stream()
                .filter(f -> f.startsWith("manifests/fruits-api/") && ManifestFiles.isKubernetesManifest(f)))
                .containsExactlyInAnyOrderElementsOf(compared);
    }

    @Test
    void anUnintendedChangeIsReported(@TempDir Path root) throws IOException {
        copy("manifests/article/fruits-api-se.yml", root);
        Path ours = root.resolve("manifests/fruits-api/fruits-api-se.yml");
        Files.createDirectories(ours.getParent());
        Files.writeString(ours, TestProject.read("manifests/article/fruits-api-se.yml").replace("MESH_INTERNAL", "MESH_EXTERNAL"));
        IntendedChanges.Comparison comparison = new IntendedChanges.Comparison(
                "manifests/fruits-api/fruits-api-se.yml", "manifests/article/fruits-api-se.yml", List.of());

        assertThat(new ArticleDiff(root).unexplained(comparison)).singleElement().asString()
                .contains("ServiceEntry/micro-shake-factory/exotic-fruits-service-entry field spec.location changes from \"MESH_INTERNAL\" to \"MESH_EXTERNAL\"")
                .contains("intended-changes.yaml gives no reason");
    }

    @Test
    void anIntendedChangeThatNoLongerHappensIsReported() {
        IntendedChanges.Comparison comparison = new IntendedChanges.Comparison(
                "manifests/fruits-api/fruits-api-se.yml", "manifests/article/fruits-api-se.yml",
                List.of(new IntendedChanges.Change("ServiceEntry/micro-shake-factory/exotic-fruits-service-entry", "/spec/ports", "ports added")));

        assertThat(new ArticleDiff(TestProject.root()).unexplained(comparison)).singleElement().asString()
                .contains("intended change ServiceEntry/micro-shake-factory/exotic-fruits-service-entry /spec/ports", "matches no difference");
    }

    private static void copy(String relative, Path root) throws IOException {
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(TestProject.file(relative), target);
    }
}
