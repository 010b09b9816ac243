package io.github.istiocoredns.e2e.tier;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The suite's skip/require convention: a test whose tier lacks a prerequisite (Docker, an image, binaries) is
 * SKIPPED with a one-line reason naming what is missing and how to provide it, unless {@value #REQUIRE_PROPERTY}
 * (comma-separated tier ids, e.g. {@code corefile,cluster}) names its tier: then it FAILS with that reason, so CI
 * that demands a tier never reports a skip as a pass.
 */
public final class TierPrerequisite {

    public static final String REQUIRE_PROPERTY = "conformance.require";

    private TierPrerequisite() {
    }

    /** Returns when nothing is missing; otherwise aborts (skip) or fails the calling test. */
    public static void check(Tier tier, Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String reason = reason(tier, missing.get());
        if (isRequired(tier, System.getProperty(REQUIRE_PROPERTY, ""))) {
            Assertions.fail(reason + " (required by -D" + REQUIRE_PROPERTY + "=" + System.getProperty(REQUIRE_PROPERTY) + ")");
        }
        Assumptions.abort(reason);
    }

    /** The one-line reason, e.g. {@code corefile tier: image(s) not present locally: ...}. */
    public static String reason(Tier tier, String missing) {
        return tier.id() + " tier: " + missing.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    public static boolean isRequired(Tier tier, String requireProperty) {
        return requiredTiers(requireProperty).contains(tier.id());
    }

    /**
     * The tier ids a property value names.
     *
     * @throws IllegalArgumentException for a name that is no tier, so that a typo does not silently demand nothing
     */
    public static List<String> requiredTiers(String requireProperty) {
        List<String> names = Arrays.stream(requireProperty.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        List<String> unknown = names.stream().filter(name -> Tier.byId(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("-D" + REQUIRE_PROPERTY + "=" + requireProperty + " names no tier: " + unknown
                    + "; tiers: " + Arrays.stream(Tier.values()).map(Tier::id).collect(Collectors.joining(", ")));
        }
        return names.stream().map(name -> Tier.byId(name).orElseThrow().id()).toList();
    }
}
