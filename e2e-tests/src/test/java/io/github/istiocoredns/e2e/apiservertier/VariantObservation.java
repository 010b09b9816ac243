package io.github.istiocoredns.e2e.apiservertier;

import io.github.istiocoredns.e2e.catalog.ApiServerOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.scenario.ScenarioResult;
import io.github.istiocoredns.e2e.scenario.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the API-server tier saw of a variant, run twice in a row, against the catalog: applies (every step applied and
 * checked), rejected (a step refused, with the server's message), or failed (anything else); plus the restore.
 */
record VariantObservation(String observed, List<String> disagreements) {

    static String observed(ScenarioResult run) {
        if (!run.setupFailures().isEmpty()) {
            return "failed: " + run.setupFailures().get(0).line();
        }
        return run.rejection().map(r -> "rejected: " + r.step() + ": " + r.message()).orElse(run.applied() ? "applies" : "nothing applied");
    }

    static VariantObservation judge(Expectations.ApiServer expected, ScenarioResult first, ScenarioResult second) {
        String observed = observed(first);
        List<String> disagreements = new ArrayList<>();
        if (expected.outcome() == ApiServerOutcome.APPLIES && !first.applied()) {
            disagreements.add("expected every step to apply, saw " + observed);
        }
        if (expected.outcome() == ApiServerOutcome.REJECTED) {
            StepRecord rejection = first.rejection().orElse(null);
            if (rejection == null) {
                disagreements.add("expected a rejection containing '" + expected.messageFragment() + "', saw " + observed);
            } else if (!rejection.message().contains(expected.messageFragment())) {
                disagreements.add("expected the rejection to contain '" + expected.messageFragment() + "', the server said: " + rejection.message());
            }
        }
        if (!observed(second).equals(observed)) {
            disagreements.add("the second run in a row saw something else: " + observed(second));
        }
        for (ScenarioResult run : List.of(first, second)) {
            if (!run.restored()) {
                disagreements.add("restore not verified: " + String.join("; ", run.restoreProblems()));
            }
        }
        return new VariantObservation(observed, disagreements);
    }

    static String expectedText(Expectations.ApiServer expected) {
        String outcome = expected.outcome().name().toLowerCase(Locale.ROOT);
        return expected.messageFragment() == null ? outcome : outcome + ": " + expected.messageFragment();
    }

    boolean agrees() {
        return disagreements.isEmpty();
    }
}
