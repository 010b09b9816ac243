package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs steps the Kubernetes e2e way: change, check, restore, check the restore. Before anything changes it says what
 * will change (one line per step, then one as each step starts), so a user of an existing cluster sees it first. Setup
 * stops at the first step that is rejected or fails; restore undoes every step that was attempted, in reverse order,
 * also when setup broke or threw, checking each undo right after it (or, for a step that {@link Step#checksUndoneLast()},
 * after the last undo).
 */
public final class StepRunner {

    private static final int HTTP_BAD_REQUEST = 400;
    private static final int HTTP_UNPROCESSABLE = 422;
    private static final Duration SLOW_STEP = Duration.ofSeconds(1);

    private final Cluster cluster;
    private final Consumer<String> announcer;

    /** @param announcer where the lines about what will change go (stdout, a logger) */
    public StepRunner(Cluster cluster, Consumer<String> announcer) {
        this.cluster = cluster;
        this.announcer = announcer;
    }

    public ScenarioResult run(String scenario, List<Step> steps) {
        String prefix = "[scenario " + scenario + "] ";
        announcer.accept(prefix + "will change " + cluster.name() + " in " + steps.size() + " steps, then restore it:");
        steps.forEach(step -> announcer.accept(prefix + "  - " + step.plan()));
        List<StepRecord> records = new ArrayList<>();
        List<Step> attempted = new ArrayList<>();
        long setupStarted = System.nanoTime();
        long restoreStarted = setupStarted;
        try {
            for (Step step : steps) {
                if (!attempted.isEmpty() && last(records).outcome() != StepOutcome.DONE) {
                    records.add(new StepRecord(step.name(), StepPhase.SETUP, StepOutcome.NOT_RUN, Duration.ZERO, "an earlier step did not succeed"));
                    continue;
                }
                announcer.accept(prefix + step.plan());
                attempted.add(step);
                records.add(applyAndCheck(step));
                announceIfSlow(prefix, last(records));
            }
        } finally {
            restoreStarted = System.nanoTime();
            announcer.accept(prefix + "restoring " + attempted.size() + " steps in reverse order");
            // Each undo is checked at once, before earlier steps are undone: a check compares with the state before
            // its own step, which earlier steps' undos change (the kube-dns stand-in disappears, namespaces go).
            List<Step> checkedLast = new ArrayList<>();
            for (int i = attempted.size() - 1; i >= 0; i--) {
                Step step = attempted.get(i);
                records.add(undo(step));
                announceIfSlow(prefix, last(records));
                if (step.checksUndoneLast()) {
                    checkedLast.add(step);
                    continue;
                }
                records.add(checkUndone(step));
                announceIfSlow(prefix, last(records));
            }
            for (Step step : checkedLast) {
                records.add(checkUndone(step));
                announceIfSlow(prefix, last(records));
            }
        }
        long finished = System.nanoTime();
        ScenarioResult result = new ScenarioResult(scenario, cluster.name(), records, Duration.ofNanos(restoreStarted - setupStarted),
                Duration.ofNanos(finished - restoreStarted));
        announcer.accept(prefix + (result.restored() ? "restore verified" : "RESTORE NOT VERIFIED: " + result.restoreProblems()));
        return result;
    }

    /** Where a variant's time goes: the steps that take a second or more, and every step that did not succeed. */
    private void announceIfSlow(String prefix, StepRecord record) {
        if (record.duration().compareTo(SLOW_STEP) >= 0 || record.outcome() != StepOutcome.DONE) {
            announcer.accept(prefix + "  " + record.phase() + " " + record.step() + ": " + record.outcome() + " in "
                    + String.format(Locale.ROOT, "%.1f s", record.duration().toMillis() / 1000.0));
        }
    }

    private StepRecord applyAndCheck(Step step) {
        long started = System.nanoTime();
        try {
            String done = step.apply(cluster);
            Optional<String> problem = step.check(cluster);
            return problem.map(p -> record(step, StepPhase.SETUP, StepOutcome.FAILED, started, "applied (" + done + ") but " + p))
                    .orElseGet(() -> record(step, StepPhase.SETUP, StepOutcome.DONE, started, done));
        } catch (KubernetesClientException e) {
            StepOutcome outcome = e.getCode() == HTTP_UNPROCESSABLE || e.getCode() == HTTP_BAD_REQUEST ? StepOutcome.REJECTED : StepOutcome.FAILED;
            return record(step, StepPhase.SETUP, outcome, started, serverMessage(e));
        } catch (RuntimeException e) {
            return record(step, StepPhase.SETUP, StepOutcome.FAILED, started, e.toString());
        }
    }

    private StepRecord undo(Step step) {
        long started = System.nanoTime();
        try {
            return record(step, StepPhase.RESTORE, StepOutcome.DONE, started, step.undo(cluster));
        } catch (KubernetesClientException e) {
            return record(step, StepPhase.RESTORE, StepOutcome.FAILED, started, serverMessage(e));
        } catch (RuntimeException e) {
            return record(step, StepPhase.RESTORE, StepOutcome.FAILED, started, e.toString());
        }
    }

    private StepRecord checkUndone(Step step) {
        long started = System.nanoTime();
        try {
            return step.checkUndone(cluster)
                    .map(problem -> record(step, StepPhase.RESTORE_CHECK, StepOutcome.FAILED, started, problem))
                    .orElseGet(() -> record(step, StepPhase.RESTORE_CHECK, StepOutcome.DONE, started, "as before"));
        } catch (RuntimeException e) {
            return record(step, StepPhase.RESTORE_CHECK, StepOutcome.FAILED, started, e.toString());
        }
    }

    /** The API server's own message (its Status), which names the object, the field and the rule. */
    public static String serverMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return "HTTP " + e.getCode() + ": " + e.getStatus().getMessage();
        }
        return "HTTP " + e.getCode() + ": " + e.getMessage();
    }

    private static StepRecord record(Step step, StepPhase phase, StepOutcome outcome, long startedNanos, String message) {
        return new StepRecord(step.name(), phase, outcome, Duration.ofNanos(System.nanoTime() - startedNanos), message);
    }

    private static StepRecord last(List<StepRecord> records) {
        return records.get(records.size() - 1);
    }
}
