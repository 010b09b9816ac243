package io.github.istiocoredns.e2e.variantrun;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What fruits-api answers, byte for byte, as the tests know it (fruits-api's parity table, observed on the article's
 * image): a route counts only when the body is exactly this.
 *
 * @param au the body of {@code GET /api/fruits/au}
 * @param special the body of {@code GET /api/fruits/special} for an app_version
 */
public record FruitsAnswers(String au, UnaryOperator<String> special) {

    public FruitsAnswers {
        Objects.requireNonNull(au, "au");
        Objects.requireNonNull(special, "special");
    }
}
