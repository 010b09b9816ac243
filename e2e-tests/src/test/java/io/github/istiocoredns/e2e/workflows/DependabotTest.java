package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dependabot proposes updates of the Maven dependencies and of the workflows' actions, weekly. */
class DependabotTest {

    private static final String FILE = ".github/dependabot.yml";

    @Test
    void updatesMavenAndGithubActionsWeeklyFromTheRoot() {
        JsonNode root = WorkflowFile.load(FILE).root();
        List<String> ecosystems = new ArrayList<>();
        for (JsonNode update : root.path("updates")) {
            String ecosystem = update.path("package-ecosystem").asText();
            ecosystems.add(ecosystem);
            assertThat(update.path("directory").asText()).as(FILE + " " + ecosystem + " directory").isEqualTo("/");
            assertThat(update.path("schedule").path("interval").asText()).as(FILE + " " + ecosystem + " schedule.interval").isEqualTo("weekly");
        }

        assertThat(root.path("version").asInt()).as(FILE + " version").isEqualTo(2);
        assertThat(ecosystems).containsExactlyInAnyOrder("maven", "github-actions");
    }
}
