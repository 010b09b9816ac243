package io.github.istiocoredns.e2e.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one step in one phase.
 *
 * @param message the server's message (a rejection's reason) or what was done or found
 */
public record StepRecord(String step, StepPhase phase, StepOutcome outcome, Duration duration, String message) {

    public StepRecord {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        message = message == null ? "" : message;
    }

    /** One line for logs and reports, e.g. {@code SETUP Service/ns/name: DONE in 12 ms (created)}. */
    public String line() {
        return phase + " " + step + ": " + outcome + " in " + duration.toMillis() + " ms" + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
