package io.github.istiocoredns.e2e.tier;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The suite's tiers, cheapest first; the lower-case name is what {@code -Dconformance.require} lists. */
public enum Tier {
    UNIT,
    IMAGE,
    COREFILE,
    APISERVER,
    /** A real single-node Kubernetes built on the machine (scripts/local-node), without Istio. */
    NODE,
    CLUSTER;

    /** The name used in properties, tags and messages, e.g. {@code corefile}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> byId(String id) {
        return Arrays.stream(values()).filter(tier -> tier.id().equalsIgnoreCase(id.trim())).findFirst();
    }
}
