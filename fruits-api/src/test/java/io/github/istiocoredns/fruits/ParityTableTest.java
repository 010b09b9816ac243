package io.github.istiocoredns.fruits;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every parity row against the real server (Jetty on a free port), started with app_version "1". */
class ParityTableTest {

    private static FruitsApp app;
    private static URI baseUri;

    @BeforeAll
    static void startServer() {
        app = FruitsApp.create(AppSettings.forTests("1")).start();
        baseUri = URI.create("http://localhost:" + app.port());
    }

    @AfterAll
    static void stopServer() {
        app.javalin().stop();
    }

    static List<ParityCase> rows() {
        return ParityTable.rows("1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void answersAsTheOriginal(ParityCase row) {
        ParityCheck.verify(baseUri, row);
    }
}
