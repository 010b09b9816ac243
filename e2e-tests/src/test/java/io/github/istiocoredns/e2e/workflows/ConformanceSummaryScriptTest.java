package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .github/scripts/conformance-summary puts the matrices into the job summary and fails when an expected one is missing. */
class ConformanceSummaryScriptTest {

    private static final String SCRIPT = ".github/scripts/conformance-summary";
    private static final String MATRIX = "# corefile tier: conformance matrix\n\n| variant | verdict |\n|---|---|\n| a | agrees |\n";

    @TempDir
    Path directory;
    private Path summary;

    @BeforeEach
    void summaryFile() {
        ScriptRun.assumeOnPath("bash", "the project's scripts are bash scripts");
        summary = directory.resolve("summary.md");
    }

    @Test
    void appendsEveryMatrixUnderTheHeading() throws IOException {
        Path matrices = Files.createDirectories(directory.resolve("conformance"));
        Files.writeString(matrices.resolve("corefile-matrix.md"), MATRIX);
        Files.writeString(summary, "earlier step\n");

        ScriptRun run = summarize("--dir", matrices.toString(), "--heading", "k3s rancher/k3s:v1.35.6-k3s1, Istio 1.30.5", "--expect", "corefile-matrix");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Files.readString(summary, StandardCharsets.UTF_8)).startsWith("earlier step\n")
                .contains("## k3s rancher/k3s:v1.35.6-k3s1, Istio 1.30.5\n").contains(MATRIX);
    }

    @Test
    void failsNamingAnExpectedMatrixThatIsMissing() throws IOException {
        Path matrices = Files.createDirectories(directory.resolve("conformance"));
        Files.writeString(matrices.resolve("corefile-matrix.md"), MATRIX);

        ScriptRun run = summarize("--dir", matrices.toString(), "--expect", "corefile-matrix", "--expect", "cluster-matrix");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stdout()).contains("::error::").contains("cluster-matrix.md is missing").doesNotContain("corefile-matrix.md is missing");
        assertThat(Files.readString(summary, StandardCharsets.UTF_8)).as("the matrices found still go to the summary").contains(MATRIX);
    }

    @Test
    void saysSoInTheSummaryWhenNoMatrixWasWritten() throws IOException {
        ScriptRun run = summarize("--dir", directory.resolve("absent").toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Files.readString(summary, StandardCharsets.UTF_8)).contains("No conformance matrix was written");
    }

    @Test
    void refusesAnUnknownArgument() {
        ScriptRun run = summarize("--expcet", "corefile-matrix");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.stderr()).contains("--expcet");
    }

    private ScriptRun summarize(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = SCRIPT;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return ScriptRun.run(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), command);
    }
}
