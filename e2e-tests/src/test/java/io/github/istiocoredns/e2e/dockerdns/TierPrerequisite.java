package io.github.istiocoredns.e2e.dockerdns;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The suite's skip/require convention: a tier whose prerequisite is missing is SKIPPED with a one-line reason,
 * unless {@code -Dconformance.require} (comma-separated tiers) names it, in which case it FAILS with that reason.
 */
final class TierPrerequisite {

    static final String REQUIRE_PROPERTY = "conformance.require";

    private TierPrerequisite() {
    }

    static void check(String tier, Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String reason = tier + " tier: " + missing.get();
        if (isRequired(tier, System.getProperty(REQUIRE_PROPERTY, ""))) {
            fail(reason + " (required by -D" + REQUIRE_PROPERTY + ")");
        }
        Assumptions.abort(reason);
    }

    static boolean isRequired(String tier, String requireProperty) {
        return Arrays.stream(requireProperty.split(",")).map(String::trim).anyMatch(tier::equalsIgnoreCase);
    }
}
