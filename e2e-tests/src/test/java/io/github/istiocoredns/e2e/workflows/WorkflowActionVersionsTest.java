package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action a workflow uses names an action and a major version seen published (workflows/published-action-tags.yaml):
 * an unknown version fails a job at "Set up job", before anything of the project runs.
 */
class WorkflowActionVersionsTest {

    /** owner/name[/path]@ref, as GitHub reads a {@code uses:} of a public action. */
    private static final Pattern USES = Pattern.compile("([\\w.-]+/[\\w.-]+)(?:/[\\w./-]+)?@([\\w.-]+)");
    private static final Pattern MAJOR = Pattern.compile("v\\d+");
    private static final String KNOWN_TAGS = "/workflows/published-action-tags.yaml";

    static List<String> workflows() {
        return WorkflowFile.WORKFLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workflows")
    void everyActionIsPinnedToAPublishedMajorVersion(String path) {
        Map<String, List<String>> published = publishedMajors();
        List<WorkflowFile.Step> using = WorkflowFile.load(path).steps().stream().filter(step -> step.uses().isPresent()).toList();
        assertThat(using).as(path + " uses actions").isNotEmpty();
        for (WorkflowFile.Step step : using) {
            assertThat(problem(step.uses().orElseThrow(), published)).as(step.where()).isEmpty();
        }
    }

    @Test
    void aMadeUpVersionOrAnUnknownActionIsRefused() {
        Map<String, List<String>> published = Map.of("actions/setup-java", List.of("v5"));

        assertThat(problem("actions/setup-java@v5", published)).isEmpty();
        assertThat(problem("actions/setup-java@v9", published)).get().asString()
                .contains("actions/setup-java@v9").contains("not seen published").contains("v5");
        assertThat(problem("someone/else@v1", published)).get().asString().contains("someone/else").contains("not in");
        assertThat(problem("actions/setup-java@main", published)).get().asString().contains("major version tag");
        assertThat(problem("./local-action", published)).get().asString().contains("owner/name@version");
    }

    @Test
    void theListItselfNamesMajorsAsGithubTagsThem() {
        publishedMajors().forEach((action, majors) -> assertThat(majors).as(action).isNotEmpty().allMatch(m -> MAJOR.matcher(m).matches()));
    }

    /** Empty when {@code uses} names a listed action at a listed major; else what is wrong with it. */
    static Optional<String> problem(String uses, Map<String, List<String>> published) {
        Matcher matcher = USES.matcher(uses.strip());
        if (!matcher.matches()) {
            return Optional.of("'" + uses + "' is not owner/name@version");
        }
        String action = matcher.group(1);
        String ref = matcher.group(2);
        List<String> majors = published.get(action);
        if (majors == null) {
            return Optional.of(action + " is not in " + KNOWN_TAGS + ": check its published tags, then list it there");
        }
        if (!MAJOR.matcher(ref).matches()) {
            return Optional.of(uses + ": pin a major version tag such as " + majors.get(majors.size() - 1) + " (Dependabot moves it)");
        }
        if (!majors.contains(ref)) {
            return Optional.of(uses + ": " + ref + " was not seen published (known majors " + majors + " in " + KNOWN_TAGS + ")");
        }
        return Optional.empty();
    }

    static Map<String, List<String>> publishedMajors() {
        try (InputStream in = WorkflowActionVersionsTest.class.getResourceAsStream(KNOWN_TAGS)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + KNOWN_TAGS + " is missing");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, List<String>> majors = new TreeMap<>();
            for (Map.Entry<String, JsonNode> action : WorkflowFile.fields(root)) {
                List<String> listed = new ArrayList<>();
                action.getValue().path("majors").forEach(major -> listed.add(major.asText()));
                majors.put(action.getKey(), List.copyOf(listed));
            }
            return majors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KNOWN_TAGS, e);
        }
    }
}
