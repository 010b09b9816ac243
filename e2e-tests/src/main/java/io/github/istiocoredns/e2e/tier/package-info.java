/**
 * The suite's tiers (unit, image, corefile, apiserver, cluster) and their skip/require convention
 * ({@link io.github.istiocoredns.e2e.tier.TierPrerequisite}), shared by every tier's tests.
 */
package io.github.istiocoredns.e2e.tier;
