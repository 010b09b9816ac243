package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.workflows.WorkflowFile.Located;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the workflows refer to exists: the scripts they run, the Maven properties and profiles they pass. */
class WorkflowReferencesTest {

    /** A repository path under the folders that hold the project's scripts (scripts/, .ci/, .github/scripts/). */
    private static final Pattern SCRIPT_PATH = Pattern.compile("(?<![\\w./-])(?:\\./)?((?:scripts|\\.ci|\\.github/scripts)/[\\w./-]*\\w)");
    /** Any other path under .github/ (data files such as versions.json). */
    private static final Pattern GITHUB_FILE = Pattern.compile("(?<![\\w./-])(\\.github/(?!scripts/)[\\w./-]*\\w)");
    private static final Pattern PROPERTY = Pattern.compile("(?<![\\w-])-D([\\w.-]+)");
    private static final Pattern PROFILES = Pattern.compile("(?<![\\w-])-P([\\w.,!?-]+)");

    static List<String> workflows() {
        return WorkflowFile.WORKFLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void everyScriptTheWorkflowRunsExistsAndIsExecutable(String path) {
        List<Located> references = matches(WorkflowFile.load(path).runScripts(), SCRIPT_PATH);
        assertThat(references).as(path + " runs scripts of the project").isNotEmpty();
        for (Located reference : references) {
            Path script = TestProject.file(reference.text());
            assertThat(Files.isRegularFile(script)).as(reference.where() + ": " + reference.text() + " exists").isTrue();
            assertThat(Files.isExecutable(script)).as(reference.where() + ": " + reference.text() + " is executable (chmod +x)").isTrue();
        }
    }

    @Test
    void everyGithubFileTheWorkflowsReadExists() {
        List<Located> references = new ArrayList<>();
        for (String path : WorkflowFile.WORKFLOWS) {
            references.addAll(matches(WorkflowFile.load(path).runScripts(), GITHUB_FILE));
        }
        assertThat(references).as("the workflows read files under .github/ (versions.json)").isNotEmpty();
        for (Located reference : references) {
            assertThat(Files.isRegularFile(TestProject.file(reference.text()))).as(reference.where() + ": " + reference.text() + " exists").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void everyMavenPropertyTheWorkflowPassesIsOneThePomsOrTheSuiteKnow(String path) {
        List<Located> properties = matches(mavenArguments(WorkflowFile.load(path)), PROPERTY);
        Set<String> known = MavenVocabulary.knownProperties();
        assertThat(properties).as(path + " passes -D properties").isNotEmpty();
        for (Located property : properties) {
            assertThat(known).as(property.where() + ": -D" + property.text()
                    + " is neither a pom property nor in MavenVocabulary.SUITE_PROPERTIES").contains(property.text());
        }
    }

    @Test
    void everyMavenProfileTheWorkflowsActivateIsDefined() {
        List<Located> activations = new ArrayList<>();
        for (String path : WorkflowFile.WORKFLOWS) {
            activations.addAll(matches(mavenArguments(WorkflowFile.load(path)), PROFILES));
        }
        Set<String> defined = MavenVocabulary.definedProfiles();
        assertThat(activations).as("the workflows activate profiles (the main job's e2e)").isNotEmpty();
        for (Located activation : activations) {
            for (String profile : activation.text().split(",")) {
                String id = profile.replaceFirst("^[!?]", "");
                assertThat(defined).as(activation.where() + ": -P" + id + " is defined in no pom").contains(id);
            }
        }
    }

    /** Where the workflows pass Maven arguments: the run: scripts and the environment (MAVEN_ARGS). */
    private static List<Located> mavenArguments(WorkflowFile workflow) {
        List<Located> texts = new ArrayList<>(workflow.runScripts());
        texts.addAll(workflow.environmentValues());
        return texts;
    }

    private static List<Located> matches(List<Located> texts, Pattern pattern) {
        List<Located> found = new ArrayList<>();
        for (Located text : texts) {
            Matcher matcher = pattern.matcher(text.text());
            while (matcher.find()) {
                found.add(new Located(text.where(), matcher.group(1)));
            }
        }
        return found;
    }
}
