package io.github.istiocoredns.e2e.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The record of one scenario run: every step in every phase, in the order they ran.
 *
 * @param scenario the scenario's name (a variant id)
 * @param cluster the cluster it ran on ({@link io.github.istiocoredns.e2e.cluster.Cluster#name()})
 * @param setup the wall time of setup (apply and check of all steps)
 * @param restore the wall time of restore and its checks
 */
public record ScenarioResult(String scenario, String cluster, List<StepRecord> records, Duration setup, Duration restore) {

    public ScenarioResult {
        records = List.copyOf(records);
    }

    public List<StepRecord> in(StepPhase phase) {
        return records.stream().filter(r -> r.phase() == phase).toList();
    }

    /** The setup step the API server refused, if one was. */
    public Optional<StepRecord> rejection() {
        return in(StepPhase.SETUP).stream().filter(r -> r.outcome() == StepOutcome.REJECTED).findFirst();
    }

    /** Setup steps that failed for another reason than a rejection (errors, failed checks). */
    public List<StepRecord> setupFailures() {
        return in(StepPhase.SETUP).stream().filter(r -> r.outcome() == StepOutcome.FAILED).toList();
    }

    /** Whether every setup step was applied and checked. */
    public boolean applied() {
        return !in(StepPhase.SETUP).isEmpty() && in(StepPhase.SETUP).stream().allMatch(r -> r.outcome() == StepOutcome.DONE);
    }

    /** Undos that failed and restore checks that found the cluster changed; empty when the restore is verified. */
    public List<String> restoreProblems() {
        return records.stream().filter(r -> r.phase() != StepPhase.SETUP && r.outcome() != StepOutcome.DONE)
                .map(StepRecord::line).toList();
    }

    public boolean restored() {
        return restoreProblems().isEmpty();
    }

    public Duration total() {
        return setup.plus(restore);
    }

    /** Every record, one per line. */
    public String log() {
        return records.stream().map(StepRecord::line).collect(Collectors.joining("\n"));
    }
}
