package io.github.istiocoredns.e2e.report;

import java.time.Duration;
import java.util.Objects;

/** One phase of a tier's run (e.g. k3s start, Istio install, one variant) and how long it took. */
public record ReportPhase(String name, Duration duration, boolean completed) {

    public ReportPhase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
    }

    /** E.g. {@code 12.3 s}, or {@code FAILED after 4.0 s}. */
    public String durationText() {
        return (completed ? "" : "FAILED after ") + String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
