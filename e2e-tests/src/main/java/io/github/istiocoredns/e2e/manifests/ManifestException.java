package io.github.istiocoredns.e2e.manifests;

import java.util.List;
import java.util.stream.Collectors;

/** An input file (manifest, values file, catalog) that cannot be used, with every problem found in it. */
public class ManifestException extends RuntimeException {

    private final transient List<ManifestProblem> problems;

    public ManifestException(String summary, List<ManifestProblem> problems) {
        super(summary + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public ManifestException(ManifestProblem problem) {
        this("Cannot use " + problem.source(), List.of(problem));
    }

    public List<ManifestProblem> problems() {
        return problems;
    }
}
