package io.github.istiocoredns.fruits;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ORIGINAL rows of the parity table against a running original fruits-api (restify on Node),
 * to re-check the table itself. Not part of the build (the class name does not end in Test); run
 * it on purpose, with the original listening with app_version unset or "1":
 *
 * <pre>
 * ./mvnw -pl fruits-api test -Dtest=ParityAgainstOriginal -Dfruits.original.baseUri=http://localhost:3000
 * </pre>
 *
 * The original can run from the image {@code istiosuccinctly/fruits-api:1.0.0}, or from the
 * MicroShakeFactory sources with restify 8.4.0 and restify-cors-middleware 1.1.1 on Node 12
 * (restify 8.4 does not start on Node 16 and later).
 */
class ParityAgainstOriginal {

    static List<ParityCase> rows() {
        return ParityTable.originalRows("1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void originalAnswersAsTheTableSays(ParityCase row) {
        ParityCheck.verify(originalBaseUri(), row);
    }

    private static URI originalBaseUri() {
        String value = System.getProperty("fruits.original.baseUri");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set -Dfruits.original.baseUri=http://host:port of a running original fruits-api");
        }
        return URI.create(value);
    }
}
