package io.github.istiocoredns.e2e.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Logs each phase of the run (k3s start, image import, Istio install, each variant) as it starts and with its duration. */
public final class PhaseLog {

    private final List<ReportPhase> phases;
    private final Consumer<String> out;
    private final String label;

    public PhaseLog(Consumer<String> out) {
        this(Collections.synchronizedList(new ArrayList<>()), out, "");
    }

    private PhaseLog(List<ReportPhase> phases, Consumer<String> out, String label) {
        this.phases = phases;
        this.out = out;
        this.label = label;
    }

    /** The same log, its phases named with this label first, e.g. {@code lane 2: k3s start}: for work done side by side. */
    public PhaseLog labelled(String prefix) {
        return new PhaseLog(phases, out, label + prefix + ": ");
    }

    public <T> T time(String phaseName, Supplier<T> work) {
        String name = label + phaseName;
        out.accept("[phase] " + name + " ...");
        long started = System.nanoTime();
        boolean completed = false;
        try {
            T result = work.get();
            completed = true;
            return result;
        } finally {
            ReportPhase phase = new ReportPhase(name, Duration.ofNanos(System.nanoTime() - started), completed);
            phases.add(phase);
            out.accept("[phase] " + name + ": " + phase.durationText());
        }
    }

    public void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    public List<ReportPhase> phases() {
        synchronized (phases) {
            return List.copyOf(phases);
        }
    }

    public void log(String line) {
        out.accept(label + line);
    }
}
