package io.github.istiocoredns.e2e.catalog;

import java.util.List;

/** The catalog file as written: platform pins, cluster profiles, variants. */
public record CatalogData(Platform platform, List<ClusterProfile> clusterProfiles, List<Variant> variants) {
}
