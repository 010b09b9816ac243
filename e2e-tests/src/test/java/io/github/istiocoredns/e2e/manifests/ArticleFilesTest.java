package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The article's files are kept as published, and our Corefiles derive from them visibly. */
class ArticleFilesTest {

    static Stream<Arguments> pinnedChecksums() {
        return TestProject.read("manifests/article/SHA256SUMS").lines()
                .map(line -> line.split("\\s+\\*?", 2))
                .map(parts -> Arguments.of(parts[1], parts[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pinnedChecksums")
    void articleFileIsByteForByteAsPublished(String file, String sha256) throws NoSuchAlgorithmException {
        byte[] bytes = TestProject.read("manifests/article/" + file).getBytes(StandardCharsets.UTF_8);

        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(actual).as("manifests/article/%s was edited; the article's files are never edited", file).isEqualTo(sha256);
    }

    @Test
    void everyArticleFileIsPinned() {
        List<String> pinned = pinnedChecksums().map(a -> "manifests/article/" + a.get()[0]).toList();

        assertThat(TestProject.manifestFiles(".yaml", ".yml", ".txt").stream()
                .filter(f -> f.startsWith("manifests/article/"))).containsExactlyInAnyOrderElementsOf(pinned);
    }

    @ParameterizedTest(name = "{1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "manifests/article/istiocoredns-corefile-lt-1.4.0.txt, manifests/coredns/istiocoredns/article-lt-1.4.0.Corefile",
            "manifests/article/istiocoredns-corefile-gt-1.4.0.txt, manifests/coredns/istiocoredns/article-gt-1.4.0.Corefile"})
    void articleCorefileIsThePrintedSnippetWithoutItsConfigMapKeyLine(String printed, String corefile) {
        String snippet = TestProject.read(printed);

        assertThat(snippet).startsWith("Corefile: |\n");
        assertThat(TestProject.read(corefile)).isEqualTo(snippet.substring("Corefile: |\n".length()));
    }

    @Test
    void kubeDnsStubIsTheArticlesBlockWithItsAddressAsThePlaceholder() {
        String printed = TestProject.read("manifests/article/kube-dns-stub-block.txt");

        assertThat(printed).containsOnlyOnce("10.98.61.255");
        assertThat(TestProject.read("manifests/coredns/kube-dns/internal-stub.Corefile"))
                .isEqualTo(printed.replace("10.98.61.255", "${ISTIOCOREDNS_CLUSTER_IP}"));
    }
}
