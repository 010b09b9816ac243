package io.github.istiocoredns.e2e.workflows;

import io.github.istiocoredns.e2e.TestProject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs one of the workflows' scripts from the project root, bounded in time, and keeps what it printed. */
record ScriptRun(int exitCode, String stdout, String stderr) {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static ScriptRun run(Map<String, String> environment, String... command) {
        try {
            Path stdout = Files.createTempFile("workflow-script", ".out");
            Path stderr = Files.createTempFile("workflow-script", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(TestProject.root().toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().keySet().removeIf(name -> name.startsWith("GITHUB_") || name.equals("K3S_VERSION") || name.equals("ISTIO_VERSION"));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + " s");
                }
                return new ScriptRun(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Skips the calling test, naming the tool, when a tool a script needs is not on PATH. */
    static void assumeOnPath(String tool, String install) {
        Assumptions.assumeTrue(onPath(tool), tool + " is not on PATH, so the script that needs it is not run here (" + install + ")");
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    String describe() {
        return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }

}
