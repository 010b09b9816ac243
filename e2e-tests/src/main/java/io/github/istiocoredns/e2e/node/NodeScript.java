package io.github.istiocoredns.e2e.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scripts/local-node with a bound on its time, passing each line it prints to a log as it comes (progress of a
 * start that takes a minute), and keeping the last lines for the error message.
 */
final class NodeScript {

    private static final int KEPT_LINES = 25;

    /** @param exitCode the script's status; -1 when it was stopped at the bound */
    record Result(int exitCode, List<String> lastLines) {

        boolean succeeded() {
            return exitCode == 0;
        }

        String tail() {
            return String.join("\n", lastLines);
        }
    }

    private final Path script;
    private final Consumer<String> log;

    NodeScript(Path projectRoot, Consumer<String> log) {
        this.script = projectRoot.resolve("scripts/local-node");
        this.log = log;
    }

    Result run(Duration bound, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        }
        Deque<String> last = new ArrayDeque<>();
        Thread reader = new Thread(() -> readLines(process, last), "local-node output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean finished = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
            synchronized (last) {
                return new Result(finished ? process.exitValue() : -1, List.copyOf(last));
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private void readLines(Process process, Deque<String> last) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.accept(line);
                synchronized (last) {
                    last.addLast(line);
                    if (last.size() > KEPT_LINES) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            log.accept("[local-node] output no longer readable: " + e.getMessage());
        }
    }
}
