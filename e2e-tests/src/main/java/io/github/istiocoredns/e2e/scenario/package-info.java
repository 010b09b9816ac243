/**
 * The cluster scenario, shared by the API-server and the cluster tier: a catalog variant's setup as named
 * {@link io.github.istiocoredns.e2e.scenario.Step}s (apply, check, undo, check the undo), built by
 * {@link io.github.istiocoredns.e2e.scenario.VariantScenario} and run by
 * {@link io.github.istiocoredns.e2e.scenario.StepRunner}, which says what will change before it changes, always
 * restores in reverse order and records every step (name, phase, outcome, duration, server message).
 */
package io.github.istiocoredns.e2e.scenario;
