package io.github.istiocoredns.e2e.clustertier;

import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.report.Verdict;
import java.util.Locale;

/**
 * Turns an {@link Observation} into the catalog's vocabulary and compares it with the expectation. The order of the
 * checks is the order of the chain: objects accepted, images pulled, istiocoredns running, name resolved to the fixed
 * clusterIP, request answered by fruits-api with its exact JSON.
 */
final class OutcomeJudge {

    /** The outcome as the catalog spells it, with the evidence for it. */
    record Judged(ClusterOutcome outcome, String evidence) {

        String label() {
            return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final String expectedAddress;
    private final String expectedBody;

    /** @param expectedBody the exact JSON fruits-api returns for /api/fruits/au */
    OutcomeJudge(String expectedAddress, String expectedBody) {
        this.expectedAddress = expectedAddress;
        this.expectedBody = expectedBody;
    }

    Judged judge(Observation seen) {
        if (seen.rejection() != null) {
            return new Judged(ClusterOutcome.APPLY_REJECTED, seen.rejection());
        }
        if (seen.pullFailure() != null) {
            return new Judged(ClusterOutcome.IMAGE_UNPULLABLE, seen.pullFailure());
        }
        if (seen.crashLoop() != null) {
            return new Judged(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP, seen.crashLoop());
        }
        if (seen.dns() == null || !seen.dns().resolvesTo(expectedAddress)) {
            return new Judged(ClusterOutcome.NOT_RESOLVED, "my-fruits.internal: " + seen.dns() + " (expected A " + expectedAddress + ")");
        }
        if (seen.http() == null || !seen.http().is(200, expectedBody)) {
            return new Judged(ClusterOutcome.RESOLVES_NOT_ROUTED, "A " + expectedAddress + "; GET /api/fruits/au: " + seen.http());
        }
        return new Judged(ClusterOutcome.RESOLVES_AND_ROUTES, "A " + expectedAddress + "; GET /api/fruits/au: HTTP 200 with fruits-api's exact JSON");
    }

    /**
     * Agrees when the outcome is the expected one and, for outcomes that name evidence (a log line, a message), the
     * observed evidence contains the catalog's, ignoring case.
     */
    static Verdict verdict(Expectations.Cluster expected, Judged judged) {
        if (expected.outcome() != judged.outcome()) {
            return Verdict.CONTRADICTS;
        }
        boolean evidenceRequired = switch (judged.outcome()) {
            case ISTIOCOREDNS_CRASHLOOP, IMAGE_UNPULLABLE, APPLY_REJECTED -> true;
            default -> false;
        };
        if (evidenceRequired && expected.evidence() != null
                && !judged.evidence().toLowerCase(Locale.ROOT).contains(expected.evidence().toLowerCase(Locale.ROOT))) {
            return Verdict.CONTRADICTS;
        }
        return Verdict.AGREES;
    }
}
