/**
 * One catalog variant on a cluster with pods, as the cluster tier (k3s or an existing cluster) and the node tier run it:
 * the scenario's steps plus the observation from a meshed client ({@link io.github.istiocoredns.e2e.variantrun.VariantProbe}),
 * the verdict against the catalog ({@link io.github.istiocoredns.e2e.variantrun.OutcomeJudge}), the restore and its
 * check, and the matrix written as the run goes ({@link io.github.istiocoredns.e2e.variantrun.ProgressiveReport}).
 */
package io.github.istiocoredns.e2e.variantrun;
