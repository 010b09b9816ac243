package io.github.istiocoredns.e2e.scenario;

import io.github.istiocoredns.e2e.catalog.ApiServerOutcome;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.manifests.Cidr;

/**
 * Whether and where to move a variant's fixed clusterIP (10.103.1.1 in the article) for a cluster whose service range
 * does not contain it. A variant that expects the address to be refused (the article's manifests on k3s's default
 * range) is never adapted: the refusal is what it demonstrates.
 */
public final class ClusterIpAdaptation {

    private ClusterIpAdaptation() {
    }

    /** The address to use on a cluster with {@code range}: {@code declared} itself when it fits or must stay. */
    public static String addressFor(Variant variant, String declared, Cidr range) {
        if (range.contains(declared) || !allowed(variant)) {
            return declared;
        }
        return moveInto(declared, range);
    }

    /** Whether the variant lets its clusterIP be moved: not when it expects that very address to be rejected. */
    public static boolean allowed(Variant variant) {
        var expected = variant.expected();
        boolean apiServerRejects = expected.apiserver() != null && expected.apiserver().outcome() == ApiServerOutcome.REJECTED;
        boolean clusterRejects = expected.cluster() != null && expected.cluster().outcome() == ClusterOutcome.APPLY_REJECTED;
        return !apiServerRejects && !clusterRejects;
    }

    /**
     * Keeps the address's host part within the range's size: 10.103.1.1 becomes 10.43.1.1 in 10.43.0.0/16, the same
     * address the catalog's k3s variant chooses by hand.
     */
    static String moveInto(String address, Cidr range) {
        long hostBits = (1L << (32 - range.prefixLength())) - 1;
        long host = toLong(address) & hostBits;
        if (host == 0 || host == hostBits) {
            host = 1;
        }
        return toText(range.network() | host);
    }

    private static long toLong(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static String toText(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }
}
