package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.istiocoredns.e2e.workflows.WorkflowFile.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both workflows parse and have the shape issue 7 asks for: triggers, timeouts, cancelled superseded runs, reports. */
class WorkflowFilesTest {

    static List<String> workflows() {
        return WorkflowFile.WORKFLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void parsesWithTriggersAndJobs(String path) {
        WorkflowFile workflow = WorkflowFile.load(path);

        assertThat(WorkflowFile.fieldNames(workflow.root())).as(path + " top-level keys").contains("name", "on", "jobs");
        assertThat(WorkflowFile.fieldNames(workflow.jobs())).as(path + " jobs").isNotEmpty();
        for (Step step : workflow.steps()) {
            assertThat(step.run().isPresent() ^ step.uses().isPresent()).as(step.where() + " has exactly one of run: and uses:").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void everyJobHasATimeoutAndRunsOnUbuntu(String path) {
        WorkflowFile workflow = WorkflowFile.load(path);

        for (Map.Entry<String, JsonNode> job : WorkflowFile.fields(workflow.jobs())) {
            JsonNode timeout = job.getValue().path("timeout-minutes");
            assertThat(timeout.isInt() && timeout.asInt() > 0).as(path + " job " + job.getKey() + ": timeout-minutes, seen " + timeout).isTrue();
            assertThat(job.getValue().path("runs-on").asText()).as(path + " job " + job.getKey() + " runs-on").matches("ubuntu-(latest|\\d\\d\\.04)");
        }
    }

    @Test
    void theClusterJobRunsOnAnUbuntuWhoseKernelStillHasTheLegacyIptablesModules() {
        JsonNode cluster = WorkflowFile.load(".github/workflows/e2e.yml").jobs().path("cluster");

        // ubuntu-latest moves to 26.04 (kernel 7.0) in late 2026, built without iptable_nat/iptable_raw by default.
        assertThat(cluster.path("runs-on").asText()).as("e2e.yml job cluster runs-on").isEqualTo("ubuntu-24.04");
        assertThat(cluster.path("steps").toString()).as("e2e.yml job cluster loads the modules the sidecars need").contains("modprobe -a iptable_nat iptable_raw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void aNewerRunOnTheSameRefCancelsTheOneInProgress(String path) {
        JsonNode concurrency = WorkflowFile.load(path).root().path("concurrency");

        assertThat(concurrency.path("group").asText()).as(path + " concurrency.group").contains("github.workflow").contains("github.ref");
        assertThat(concurrency.path("cancel-in-progress").asBoolean(false)).as(path + " concurrency.cancel-in-progress").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void actionsArePinnedToAMajorVersion(String path) {
        for (Step step : WorkflowFile.load(path).steps()) {
            step.uses().ifPresent(uses -> assertThat(uses).as(step.where()).matches("[\\w.-]+/[\\w.-]+@v\\d+"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void mavenRunsOnTemurin17WithTheMavenCache(String path) {
        WorkflowFile workflow = WorkflowFile.load(path);

        for (String job : jobsRunningMaven(workflow)) {
            Step setupJava = workflow.steps(job).stream().filter(step -> step.uses().orElse("").startsWith("actions/setup-java@")).findFirst()
                    .orElseThrow(() -> new AssertionError(path + " job " + job + " runs ./mvnw without actions/setup-java"));
            assertThat(setupJava.with().path("distribution").asText()).as(setupJava.where()).isEqualTo("temurin");
            assertThat(setupJava.with().path("java-version").asText()).as(setupJava.where()).isEqualTo("17");
            assertThat(setupJava.with().path("cache").asText()).as(setupJava.where()).isEqualTo("maven");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void theMatrixGoesToTheJobSummaryAndTheReportsAreUploadedWhateverTheOutcome(String path) {
        WorkflowFile workflow = WorkflowFile.load(path);

        for (String job : jobsRunningMaven(workflow)) {
            Step summary = stepRunning(workflow, job, ".github/scripts/conformance-summary");
            assertThat(summary.condition()).as(summary.where() + " if:").hasValue("always()");
            Step reports = workflow.steps(job).stream().filter(step -> step.uses().orElse("").startsWith("actions/upload-artifact@"))
                    .filter(step -> step.condition().equals(Optional.of("always()"))).findFirst()
                    .orElseThrow(() -> new AssertionError(path + " job " + job + " uploads no artifact with if: always()"));
            assertThat(reports.with().path("path").asText()).as(reports.where() + " path")
                    .contains("**/target/surefire-reports/", "**/target/failsafe-reports/", "**/target/conformance/");
        }
    }

    @Test
    void ciRunsOnEveryPushAndPullRequest() {
        JsonNode on = WorkflowFile.load(WorkflowFile.CI).root().path("on");

        assertThat(WorkflowFile.fieldNames(on)).containsExactlyInAnyOrder("push", "pull_request");
        assertThat(on.path("push").isNull() || on.path("push").isEmpty()).as("push without filters").isTrue();
        assertThat(on.path("pull_request").isNull() || on.path("pull_request").isEmpty()).as("pull_request without filters").isTrue();
    }

    @Test
    void ciBuildsTheCoreDnsImagesBeforeTheTestsAndTellsTestcontainersWhereTheyAre() {
        WorkflowFile ci = WorkflowFile.load(WorkflowFile.CI);
        List<Step> steps = ci.steps("verify");
        Step build = stepRunning(ci, "verify", "scripts/offline-images coredns");
        Step tests = stepRunning(ci, "verify", ReadmeCommands.testCommand());
        JsonNode env = ci.job("verify").path("env");

        assertThat(steps.indexOf(build)).as("the image build comes before the tests").isLessThan(steps.indexOf(tests));
        assertThat(env.path("TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX").asText()).as("the prefix scripts/lib/common.sh tags the images with")
                .isEqualTo(ScriptsDefaults.mirrorPrefix());
        assertThat(env.path("TESTCONTAINERS_RYUK_DISABLED").asText()).as("Ryuk cannot be found under the prefix").isEqualTo("true");
    }

    @Test
    void e2eRunsOnPushToMainNightlyAndByHandWithVersionInputs() {
        JsonNode on = WorkflowFile.load(WorkflowFile.E2E).root().path("on");
        JsonNode inputs = on.path("workflow_dispatch").path("inputs");

        assertThat(on.path("push").path("branches")).extracting(JsonNode::asText).containsExactly("main");
        assertThat(on.path("schedule").path(0).path("cron").asText()).as("nightly cron").matches("\\d+ \\d+ \\* \\* \\*");
        assertThat(WorkflowFile.fieldNames(inputs)).containsExactlyInAnyOrder("k3s_version", "istio_version");
        for (Map.Entry<String, JsonNode> input : WorkflowFile.fields(inputs)) {
            assertThat(input.getValue().path("required").asBoolean(true)).as(input.getKey() + " is optional").isFalse();
        }
    }

    @Test
    void e2eTakesItsMatrixFromVersionsJsonAndTheInputsWithoutFailingFast() {
        WorkflowFile e2e = WorkflowFile.load(WorkflowFile.E2E);
        JsonNode cluster = e2e.job("cluster");
        Step matrix = stepRunning(e2e, "versions", ".github/scripts/e2e-matrix " + VersionPins.FILE);

        assertThat(cluster.path("needs").asText()).isEqualTo("versions");
        assertThat(cluster.path("strategy").path("fail-fast").isBoolean() && !cluster.path("strategy").path("fail-fast").asBoolean())
                .as("strategy.fail-fast: false").isTrue();
        assertThat(cluster.path("strategy").path("matrix").asText()).isEqualTo("${{ fromJSON(needs.versions.outputs.matrix) }}");
        assertThat(e2e.job("versions").path("outputs").path("matrix").asText()).isEqualTo("${{ steps." + matrix.node().path("id").asText() + ".outputs.matrix }}");
        assertThat(matrix.node().path("env").path("K3S_VERSION").asText()).isEqualTo("${{ inputs.k3s_version }}");
        assertThat(matrix.node().path("env").path("ISTIO_VERSION").asText()).isEqualTo("${{ inputs.istio_version }}");
    }

    @Test
    void e2eUploadsEverythingUnderConformanceWhenALegFailsOrIsCancelled() {
        WorkflowFile e2e = WorkflowFile.load(WorkflowFile.E2E);

        Step diagnostics = e2e.steps("cluster").stream().filter(step -> step.uses().orElse("").startsWith("actions/upload-artifact@"))
                .filter(step -> step.condition().equals(Optional.of("failure() || cancelled()"))).findFirst()
                .orElseThrow(() -> new AssertionError(WorkflowFile.E2E + ": no upload-artifact step with if: failure() || cancelled()"));
        assertThat(diagnostics.with().path("path").asText()).isEqualTo("**/target/conformance/**");
    }

    @Test
    void e2eRunsOfOneEventNeverCancelThoseOfAnother() {
        String group = WorkflowFile.load(WorkflowFile.E2E).root().path("concurrency").path("group").asText();

        assertThat(group).as("a push to main must not cancel the nightly run").contains("${{ github.event_name }}").contains("${{ github.ref }}");
    }

    @Test
    void e2eShowsTheMatrixInTheSummaryWhateverMavenDid() {
        WorkflowFile e2e = WorkflowFile.load(WorkflowFile.E2E);
        Step summary = stepRunning(e2e, "cluster", ".github/scripts/conformance-summary");
        Step reports = e2e.steps("cluster").stream().filter(step -> step.uses().orElse("").startsWith("actions/upload-artifact@"))
                .filter(step -> step.with().path("path").asText().contains("conformance")).findFirst().orElseThrow();

        assertThat(summary.condition()).hasValue("always()");
        assertThat(reports.condition()).hasValue("always()");
    }

    /**
     * Room for the build before the tier starts (the unit tests, the fruits-api image) and the variant under way when the
     * deadline passes (its bounded waits add up to about 10 minutes). An allowance, not yet measured on a GitHub runner.
     */
    static final int MINUTES_AFTER_THE_DEADLINE = 20;

    @Test
    void e2eStopsStartingVariantsWellBeforeTheJobTimesOut() {
        WorkflowFile e2e = WorkflowFile.load(WorkflowFile.E2E);
        String mavenArgs = e2e.job("cluster").path("env").path("MAVEN_ARGS").asText();
        java.util.regex.Matcher deadline = java.util.regex.Pattern.compile("-D" + java.util.regex.Pattern.quote(
                io.github.istiocoredns.e2e.tier.Deadline.PROPERTY) + "=(\\d+)").matcher(mavenArgs);
        int timeout = e2e.job("cluster").path("timeout-minutes").asInt();

        assertThat(deadline.find()).as("e2e.yml's MAVEN_ARGS set a deadline: " + mavenArgs).isTrue();
        assertThat(Integer.parseInt(deadline.group(1)) + MINUTES_AFTER_THE_DEADLINE).as("deadline + %d min vs timeout-minutes %d",
                MINUTES_AFTER_THE_DEADLINE, timeout).isLessThanOrEqualTo(timeout);
    }

    static List<String> jobsRunningMaven(WorkflowFile workflow) {
        List<String> jobs = workflow.mavenCommandLines().stream().map(line -> line.where().replaceFirst("^\\S+ jobs\\.([^.]+)\\..*$", "$1")).distinct().toList();
        assertThat(jobs).as(workflow.path() + " jobs that run ./mvnw").isNotEmpty();
        return jobs;
    }

    static Step stepRunning(WorkflowFile workflow, String job, String command) {
        return workflow.steps(job).stream().filter(step -> step.run().orElse("").contains(command))
                .findFirst().orElseThrow(() -> new AssertionError(workflow.path() + " job " + job + " has no step running '" + command + "'"));
    }
}
