/**
 * The variant catalog: every way of setting up the technique and the outcome each tier expects,
 * loaded strictly from catalog/variants.yaml, plus what turns a variant into manifests to apply
 * ({@link io.github.istiocoredns.e2e.catalog.VariantSetup}) and the README's Variants section.
 */
package io.github.istiocoredns.e2e.catalog;
