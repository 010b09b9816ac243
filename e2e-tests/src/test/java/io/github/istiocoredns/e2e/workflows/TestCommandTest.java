package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.e2e.workflows.WorkflowFile.Located;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CI, the workflows and the README run one command: the README's, so that what users read is what is checked. */
class TestCommandTest {

    @Test
    void theReadmeGivesTheTestCommandInAFencedBlockAndNamesTheMainJob() {
        assertThat(ReadmeCommands.testCommand()).isEqualTo("./mvnw verify");
        String readme = TestProject.read(ReadmeCommands.README);
        assertThat(ReadmeCommands.fencedCommands(readme)).as(ReadmeCommands.README + " gives the main job's command")
                .contains(ReadmeCommands.mainJobCommand());
    }

    @Test
    void ciRunRunsTheReadmesTestCommand() {
        assertThat(ScriptsDefaults.ciTestCommand()).as(ScriptsDefaults.CI_RUN + " MAVEN_TEST_COMMAND").isEqualTo(ReadmeCommands.testCommand());
    }

    @Test
    void theCiWorkflowRunsExactlyTheReadmesTestCommand() {
        assertRunsExactly(WorkflowFile.load(WorkflowFile.CI), ReadmeCommands.testCommand());
    }

    @Test
    void theE2eWorkflowRunsExactlyTheReadmesMainJobCommand() {
        assertRunsExactly(WorkflowFile.load(WorkflowFile.E2E), ReadmeCommands.mainJobCommand());
    }

    @Test
    void ciDemandsTheTiersItPreparesForAndE2eDemandsTheClusterTier() {
        assertThat(demandedTiers(WorkflowFile.load(WorkflowFile.CI))).containsExactlyInAnyOrder("unit", "image", "corefile", "apiserver");
        assertThat(demandedTiers(WorkflowFile.load(WorkflowFile.E2E))).containsExactly("cluster");
    }

    @Test
    void mavenRunsInBatchModeEverywhere() {
        for (String path : WorkflowFile.WORKFLOWS) {
            assertThat(mavenArgs(WorkflowFile.load(path)).text().split("\\s+")).as(path + " MAVEN_ARGS").contains("-B");
        }
    }

    private static void assertRunsExactly(WorkflowFile workflow, String command) {
        List<Located> lines = workflow.mavenCommandLines();
        assertThat(lines).as(workflow.path() + " runs ./mvnw").isNotEmpty();
        for (Located line : lines) {
            assertThat(line.text()).as(line.where() + ": Maven arguments belong in MAVEN_ARGS, the command is the README's").isEqualTo(command);
        }
    }

    /** The tiers -Dconformance.require names in the workflow's MAVEN_ARGS; an unknown tier fails here. */
    private static List<String> demandedTiers(WorkflowFile workflow) {
        Located mavenArgs = mavenArgs(workflow);
        String prefix = "-D" + TierPrerequisite.REQUIRE_PROPERTY + "=";
        List<String> values = List.of(mavenArgs.text().split("\\s+")).stream().filter(argument -> argument.startsWith(prefix))
                .map(argument -> argument.substring(prefix.length())).toList();
        assertThat(values).as(mavenArgs.where() + " sets " + prefix + " once").hasSize(1);
        return TierPrerequisite.requiredTiers(values.get(0));
    }

    private static Located mavenArgs(WorkflowFile workflow) {
        List<Located> values = workflow.environmentValues().stream().filter(value -> value.where().endsWith(".MAVEN_ARGS")).toList();
        assertThat(values).as(workflow.path() + " sets MAVEN_ARGS once").hasSize(1);
        return values.get(0);
    }
}
