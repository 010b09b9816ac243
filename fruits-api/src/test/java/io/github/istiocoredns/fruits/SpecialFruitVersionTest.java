package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * /api/fruits/special for each app_version, each on its own server: the original reads
 * {@code process.env.app_version || "1"}, so unset and empty both mean "1".
 */
class SpecialFruitVersionTest {

    static Stream<Arguments> versions() {
        return Stream.of(
                Arguments.of("unset", null, "{\"ver\":\"1\",\"fruit\":\"Mango\"}"),
                Arguments.of("empty", "", "{\"ver\":\"1\",\"fruit\":\"Mango\"}"),
                Arguments.of("1", "1", "{\"ver\":\"1\",\"fruit\":\"Mango\"}"),
                Arguments.of("2", "2", "{\"ver\":\"2\",\"fruit\":\"Orange\"}"),
                Arguments.of("canary", "canary", "{\"ver\":\"canary\",\"fruit\":\"Orange\"}"));
    }

    @ParameterizedTest(name = "app_version {0}")
    @MethodSource("versions")
    void answersTheVersionsFruit(String label, String appVersion, String expectedBody) {
        assertThat(ParityTable.specialFruitRows(appVersion)).allSatisfy(row -> assertThat(row.body()).isEqualTo(expectedBody));
        FruitsApp app = FruitsApp.create(AppSettings.forTests(appVersion)).start();
        try {
            URI baseUri = URI.create("http://localhost:" + app.port());
            ParityTable.specialFruitRows(appVersion).forEach(row -> ParityCheck.verify(baseUri, row));
        } finally {
            app.javalin().stop();
        }
    }
}
