package io.github.istiocoredns.e2e.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.istiocoredns.e2e.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A GitHub Actions workflow (or another YAML file under .github/), parsed, with the parts the checks look at. */
final class WorkflowFile {

    static final String CI = ".github/workflows/ci.yml";
    static final String E2E = ".github/workflows/e2e.yml";
    static final List<String> WORKFLOWS = List.of(CI, E2E);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String path;
    private final JsonNode root;

    private WorkflowFile(String path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    /** Parses a YAML file of the project; fails naming the file when it is missing or not YAML. */
    static WorkflowFile load(String relativePath) {
        try {
            JsonNode root = YAML.readTree(TestProject.file(relativePath).toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalStateException(relativePath + ": expected a YAML mapping at the top, found " + root);
            }
            return new WorkflowFile(relativePath, root);
        } catch (IOException e) {
            throw new UncheckedIOException(relativePath + " does not parse as YAML: " + e.getMessage(), e);
        }
    }

    String path() {
        return path;
    }

    JsonNode root() {
        return root;
    }

    JsonNode jobs() {
        return root.path("jobs");
    }

    JsonNode job(String id) {
        JsonNode job = jobs().path(id);
        if (job.isMissingNode()) {
            throw new AssertionError(path + " has no job '" + id + "'; jobs: " + fieldNames(jobs()));
        }
        return job;
    }

    /** Every step of every job, in file order. */
    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, JsonNode> job : fields(jobs())) {
            int index = 0;
            for (JsonNode step : job.getValue().path("steps")) {
                steps.add(new Step(path, job.getKey(), index++, step));
            }
        }
        return steps;
    }

    List<Step> steps(String jobId) {
        return steps().stream().filter(step -> step.job().equals(jobId)).toList();
    }

    /** Every environment value (workflow, job and step level), where the workflows put Maven's arguments. */
    List<Located> environmentValues() {
        List<Located> values = new ArrayList<>();
        addEnvironment(values, "env", root.path("env"));
        for (Map.Entry<String, JsonNode> job : fields(jobs())) {
            addEnvironment(values, "jobs." + job.getKey() + ".env", job.getValue().path("env"));
        }
        for (Step step : steps()) {
            addEnvironment(values, step.where() + ".env", step.node().path("env"));
        }
        return values;
    }

    /** Every run: script, with where it is. */
    List<Located> runScripts() {
        return steps().stream().flatMap(step -> step.run().map(run -> new Located(step.where(), run)).stream()).toList();
    }

    /** The lines of the run: scripts that call the Maven wrapper, trimmed. */
    List<Located> mavenCommandLines() {
        List<Located> lines = new ArrayList<>();
        for (Located run : runScripts()) {
            run.text().lines().map(String::strip).filter(line -> line.startsWith("./mvnw")).forEach(line -> lines.add(new Located(run.where(), line)));
        }
        return lines;
    }

    private static void addEnvironment(List<Located> values, String where, JsonNode env) {
        for (Map.Entry<String, JsonNode> variable : fields(env)) {
            values.add(new Located(where + "." + variable.getKey(), variable.getValue().asText()));
        }
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            fields.add(it.next());
        }
        return fields;
    }

    static List<String> fieldNames(JsonNode node) {
        return fields(node).stream().map(Map.Entry::getKey).toList();
    }

    /** A text of the workflow and where it is, e.g. {@code ci.yml jobs.verify.steps[4]}. */
    record Located(String where, String text) {
    }

    record Step(String file, String job, int index, JsonNode node) {

        String where() {
            return file + " jobs." + job + ".steps[" + index + "]" + name().map(name -> " (" + name + ")").orElse("");
        }

        Optional<String> name() {
            return text("name");
        }

        Optional<String> run() {
            return text("run");
        }

        Optional<String> uses() {
            return text("uses");
        }

        Optional<String> condition() {
            return text("if");
        }

        JsonNode with() {
            return node.path("with");
        }

        private Optional<String> text(String field) {
            JsonNode value = node.path(field);
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }
    }
}
