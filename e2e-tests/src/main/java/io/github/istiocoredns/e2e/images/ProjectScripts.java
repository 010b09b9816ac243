package io.github.istiocoredns.e2e.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What a script of scripts/offline-images says about its output ({@code --print-image}, {@code --print-dir}, ...). */
public final class ProjectScripts {

    private static final long BOUND_SECONDS = 30;

    private ProjectScripts() {
    }

    /** The script's output for a --print-* option, when it ends well within {@value #BOUND_SECONDS} s. */
    public static Optional<String> print(Path projectRoot, String script, String option) {
        try {
            Process process = new ProcessBuilder("bash", projectRoot.resolve(script).toString(), option).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 && !out.isEmpty() ? Optional.of(out.lines().reduce((a, b) -> b).orElse(out)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script + " " + option, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
