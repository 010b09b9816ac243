package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.github.istiocoredns.e2e.SystemProperties;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Surefire hands every -D of the Maven command line to the test JVM, so the workflows' MAVEN_ARGS (another Istio, another
 * k3s, demanded tiers) reach the unit tests too. Every unit test of this module must pass under them: a test that reads
 * such a property clears or sets it itself ({@link SystemProperties}). This runs the unit tests once more, in this JVM,
 * with each workflow's properties set as an e2e leg with non-pinned versions would set them.
 */
class WorkflowPropertiesDoNotLeakTest {

    private static final Pattern PROPERTY = Pattern.compile("-D([\\w.-]+)=((?:\\$\\{\\{[^}]*}}|\\S)*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\{\\s*([\\w.]+)\\s*}}");
    private static final String ROOT_PACKAGE = "io.github.istiocoredns.e2e";

    @Test
    void theUnitTestsPassUnderEveryWorkflowsMavenProperties() {
        Map<String, String> matrix = matrixOfALegAwayFromThePins();
        for (String workflow : WorkflowFile.WORKFLOWS) {
            Map<String, String> properties = properties(WorkflowFile.load(workflow), matrix);
            assertThat(properties).as(workflow + " passes -D properties in MAVEN_ARGS").isNotEmpty();
            Events tests = with(properties, WorkflowPropertiesDoNotLeakTest::runUnitTests);
            assertThat(tests.started().count()).as("unit tests run under " + workflow + "'s properties").isGreaterThan(100);
            assertThat(tests.failed().stream().map(WorkflowPropertiesDoNotLeakTest::describe).toList())
                    .as("unit tests that fail under " + workflow + "'s properties " + properties + " (clear or set the property in the test)")
                    .isEmpty();
        }
    }

    @Test
    void aTestThatReadsALeakedPropertyIsCaught() {
        Events tests = with(Map.of("istio.version", "1.30.8"), () -> EngineTestKit.engine("junit-jupiter")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(ReadsTheIstioVersion.class)).execute().testEvents());

        assertThat(tests.failed().count()).as("a test that trusts -Distio.version to be unset fails when a workflow sets it").isEqualTo(1);
    }

    /** Stands for a unit test that forgot to clear the property (run only by the test above). */
    static class ReadsTheIstioVersion {

        @Test
        void pinIsUsed() {
            assertThat(System.getProperty("istio.version", "the pin")).isEqualTo("the pin");
        }
    }

    private static Events runUnitTests() {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectPackage(ROOT_PACKAGE))
                .filters(excludeClassNamePatterns(".*IT", ".*\\$.*", WorkflowPropertiesDoNotLeakTest.class.getName()))
                .execute().testEvents();
    }

    /** The -D properties of the workflow's MAVEN_ARGS, matrix placeholders replaced. */
    static Map<String, String> properties(WorkflowFile workflow, Map<String, String> matrix) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (WorkflowFile.Located value : workflow.environmentValues()) {
            if (!value.where().endsWith(".MAVEN_ARGS")) {
                continue;
            }
            Matcher property = PROPERTY.matcher(value.text());
            while (property.find()) {
                properties.put(property.group(1), substitute(property.group(2), matrix, value.where()));
            }
        }
        return properties;
    }

    private static String substitute(String text, Map<String, String> matrix, String where) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = matrix.get(placeholder.group(1));
            if (value == null) {
                throw new AssertionError(where + ": no sample value for ${{ " + placeholder.group(1) + " }} (known: " + matrix.keySet() + ")");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(out).toString();
    }

    /** The matrix of an e2e leg whose k3s and Istio both differ from the catalog's pins: what a leak would change most. */
    private static Map<String, String> matrixOfALegAwayFromThePins() {
        VariantCatalog catalog = VariantCatalog.load();
        VersionPins.Leg leg = VersionPins.read(TestProject.file(VersionPins.FILE)).legs().stream()
                .filter(l -> !l.k3s_image().equals(catalog.platform().k3s().image()) && !l.istio().equals(catalog.platform().istio().version()))
                .findFirst().orElseThrow(() -> new AssertionError(VersionPins.FILE + " has no leg away from the catalog's pins"));
        return Map.of("matrix.k3s_image", leg.k3s_image(), "matrix.k3s_tag", leg.k3s_tag(), "matrix.istio", leg.istio());
    }

    private static <T> T with(Map<String, String> properties, Supplier<T> call) {
        Supplier<T> wrapped = call;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            Supplier<T> inner = wrapped;
            wrapped = () -> SystemProperties.with(property.getKey(), property.getValue(), inner);
        }
        return wrapped.get();
    }

    private static String describe(Event event) {
        String test = event.getTestDescriptor().getLegacyReportingName();
        String source = event.getTestDescriptor().getSource().map(Object::toString).orElse(test);
        String cause = event.getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable())
                .map(t -> t.getClass().getSimpleName() + ": " + condensed(t.getMessage())).orElse("?");
        return source + ": " + cause;
    }

    private static String condensed(String text) {
        String line = text == null ? "" : String.join(" | ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
