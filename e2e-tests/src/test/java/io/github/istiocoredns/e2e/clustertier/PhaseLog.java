package io.github.istiocoredns.e2e.clustertier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Logs each phase of the run (k3s start, image import, Istio install, each variant) as it starts and with its duration. */
final class PhaseLog {

    record Phase(String name, Duration duration, boolean completed) {

        String line() {
            return name + ": " + (completed ? "" : "FAILED after ") + String.format("%.1f s", duration.toMillis() / 1000.0);
        }
    }

    private final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> out;

    PhaseLog(Consumer<String> out) {
        this.out = out;
    }

    <T> T time(String name, Supplier<T> work) {
        out.accept("[phase] " + name + " ...");
        long started = System.nanoTime();
        boolean completed = false;
        try {
            T result = work.get();
            completed = true;
            return result;
        } finally {
            Phase phase = new Phase(name, Duration.ofNanos(System.nanoTime() - started), completed);
            phases.add(phase);
            out.accept("[phase] " + phase.line());
        }
    }

    void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    List<Phase> phases() {
        synchronized (phases) {
            return List.copyOf(phases);
        }
    }

    /** A Markdown section with one row per phase. */
    String markdown() {
        return "\n## Phases\n\n| phase | duration |\n|---|---|\n" + phases().stream()
                .map(p -> "| " + p.name() + " | " + (p.completed() ? "" : "FAILED after ") + String.format("%.1f s", p.duration().toMillis() / 1000.0) + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    void log(String line) {
        out.accept(line);
    }
}
