package io.github.istiocoredns.e2e.variantrun;

import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Which variants a tier runs: all of them, or those a property names. */
public final class VariantSelection {

    public static final String NONE = "none";

    private VariantSelection() {
    }

    /** The variants the system property names (comma-separated ids), all of them when it is empty or {@code all}. */
    public static List<Variant> selected(List<Variant> all, String property) {
        return selected(all, System.getProperty(property, ""), property);
    }

    /** An unknown id is an error, not an empty run; {@value #NONE} selects nothing. */
    public static List<Variant> selected(List<Variant> all, String ids, String property) {
        if (ids.isBlank() || ids.strip().equals("all")) {
            return all;
        }
        if (ids.strip().equals(NONE)) {
            return List.of();
        }
        Set<String> wanted = Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> known = all.stream().map(Variant::id).collect(Collectors.toSet());
        List<String> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("-D" + property + " names " + unknown + ", which are not variants the cluster tier runs: "
                    + known.stream().sorted().toList());
        }
        return all.stream().filter(v -> wanted.contains(v.id())).toList();
    }

    /** Whether a variant has something to show on a cluster with pods (its cluster expectation is not "not applicable"). */
    public static boolean runsInCluster(Variant variant) {
        return variant.expected().cluster() != null && variant.expected().cluster().outcome() != ClusterOutcome.NOT_APPLICABLE;
    }

    /** The namespaces these variants create, which a run on an existing cluster announces before touching anything. */
    public static List<String> namespaces(VariantSetup setup, List<Variant> variants) {
        return variants.stream().flatMap(v -> setup.manifests(v).objects().stream()).map(o -> o.namespace()).filter(Objects::nonNull)
                .distinct().sorted().toList();
    }
}
