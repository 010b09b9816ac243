package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestifyPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/                  | /",
            "//                 | /",
            "///                | /",
            "/nope              | /nope",
            "/nope/             | /nope",
            "//nope//x/         | /nope/x",
            "/api/fruits//au//  | /api/fruits/au",
            "/a/./b/../c        | /a/./b/../c",
    })
    void sanitizesLikeRestifyPrePath(String raw, String sanitized) {
        assertThat(RestifyPath.sanitize(raw)).isEqualTo(sanitized);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/fruits/au              | false",
            "/api/fruits/caf%C3%A9       | false",
            "/api/fruits/%E2%82%AC       | false",
            "/api/fruits/au%2Fkiwi       | false",
            "/api/fruits/%ZZ             | true",
            "/api/fruits/%2              | true",
            "/api/fruits/%               | true",
            "/api/fruits/%C3             | true",
            "/api/fruits/%E2%82          | true",
            "/api/fruits/%C0%AE          | true",
            "/api/fruits/%ED%A0%80       | true",
            "/api/fruits/%u0041          | true",
    })
    void rejectsWhatDecodeUriComponentRejects(String rawPath, boolean defeats) {
        assertThat(RestifyPath.defeatsRouter(rawPath)).isEqualTo(defeats);
    }

    @ParameterizedTest(name = "segment of {0} characters -> {1}")
    @CsvSource({"100, false", "101, true"})
    void limitsSegmentsToFindMyWaysMaxParamLength(int length, boolean defeats) {
        assertThat(RestifyPath.defeatsRouter("/api/fruits/" + "x".repeat(length))).isEqualTo(defeats);
        assertThat(RestifyPath.defeatsRouter("/api/fruits/au/" + "x".repeat(length) + "/price")).isEqualTo(defeats);
    }
}
