package io.github.istiocoredns.e2e.report;

/** How an observation compares with the catalog's expectation. */
public enum Verdict {
    /** Observed what the catalog expects. */
    AGREES("agrees"),
    /** Observed something else: the case fails, and the catalog or the code under test is wrong. */
    CONTRADICTS("CONTRADICTS"),
    /** Not observed (prerequisite missing, or the run broke before the observation): proves nothing. */
    NOT_OBSERVED("not observed");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
