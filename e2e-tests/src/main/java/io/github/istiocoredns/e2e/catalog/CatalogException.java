package io.github.istiocoredns.e2e.catalog;

import io.github.istiocoredns.e2e.manifests.ManifestProblem;
import java.util.List;

/** The variant catalog cannot be used; lists every problem with its line and field. */
public class CatalogException extends io.github.istiocoredns.e2e.manifests.ManifestException {

    public CatalogException(String source, List<ManifestProblem> problems) {
        super("Variant catalog " + source + " is invalid (" + problems.size()
                + (problems.size() == 1 ? " problem)" : " problems)"), problems);
    }
}
