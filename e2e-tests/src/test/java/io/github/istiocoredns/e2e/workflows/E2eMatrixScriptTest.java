package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.workflows.VersionPins.Leg;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** .github/scripts/e2e-matrix turns versions.json and the dispatch inputs into exactly the legs the pins make. */
class E2eMatrixScriptTest {

    private static final String SCRIPT = ".github/scripts/e2e-matrix";
    private static final Pattern MATRIX_KEY = Pattern.compile("(?<![\\w.])matrix\\.(\\w+)");

    private final VersionPins pins = VersionPins.read(TestProject.file(VersionPins.FILE));

    @BeforeEach
    void needsJq() {
        ScriptRun.assumeOnPath("jq", "apt-get install jq; GitHub's runners have it");
    }

    @Test
    void withoutInputsTheMatrixIsEveryLegOfVersionsJson() {
        assertThat(legs(ScriptRun.run(Map.of(), SCRIPT, VersionPins.FILE))).isEqualTo(pins.legs());
    }

    @Test
    void aK3sInputInEitherTagFormRunsAgainstEveryIstioThatSupportsIt() {
        List<Leg> expected = pins.istio().stream().filter(release -> release.supports(new VersionPins.Minor(1, 33)))
                .map(release -> new Leg("rancher/k3s:v1.33.5-k3s1", "v1.33.5-k3s1", release.version())).toList();

        assertThat(expected).as("test premise: some Istio of versions.json supports 1.33").isNotEmpty();
        assertThat(legs(ScriptRun.run(Map.of("K3S_VERSION", "v1.33.5+k3s1"), SCRIPT, VersionPins.FILE))).isEqualTo(expected);
        assertThat(legs(ScriptRun.run(Map.of("K3S_VERSION", "v1.33.5-k3s1"), SCRIPT, VersionPins.FILE))).isEqualTo(expected);
    }

    @Test
    void anIstioInputRunsAgainstEveryK3s() {
        List<Leg> expected = pins.k3s().stream().map(image -> new Leg(image.image(), image.tag(), "1.28.3")).toList();

        assertThat(legs(ScriptRun.run(Map.of("ISTIO_VERSION", "1.28.3"), SCRIPT, VersionPins.FILE))).isEqualTo(expected);
    }

    @Test
    void bothInputsMakeOneLeg() {
        ScriptRun run = ScriptRun.run(Map.of("K3S_VERSION", "v1.36.1+k3s1", "ISTIO_VERSION", "1.29.9"), SCRIPT, VersionPins.FILE);

        assertThat(legs(run)).containsExactly(new Leg("rancher/k3s:v1.36.1-k3s1", "v1.36.1-k3s1", "1.29.9"));
    }

    @Test
    void inputsThatAreNotVersionsAreRefusedNamingTheInput() {
        ScriptRun k3s = ScriptRun.run(Map.of("K3S_VERSION", "v1.35.6; echo injected"), SCRIPT, VersionPins.FILE);
        ScriptRun istio = ScriptRun.run(Map.of("ISTIO_VERSION", "latest"), SCRIPT, VersionPins.FILE);

        assertThat(k3s.exitCode()).as(k3s.describe()).isNotZero();
        assertThat(k3s.stderr()).contains("k3s_version").doesNotContain("injected\n");
        assertThat(k3s.stdout()).isEmpty();
        assertThat(istio.exitCode()).as(istio.describe()).isNotZero();
        assertThat(istio.stderr()).contains("istio_version 'latest'");
    }

    @Test
    void aK3sNoIstioSupportsFailsInsteadOfRunningNothing() {
        ScriptRun run = ScriptRun.run(Map.of("K3S_VERSION", "v1.99.0+k3s1"), SCRIPT, VersionPins.FILE);

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.stderr()).contains("no Istio release").contains("1.99");
    }

    @Test
    void everyMatrixKeyTheWorkflowUsesIsInEveryLeg() {
        JsonNode matrix = matrix(ScriptRun.run(Map.of(), SCRIPT, VersionPins.FILE));
        Set<String> used = new TreeSet<>();
        Matcher matcher = MATRIX_KEY.matcher(TestProject.read(WorkflowFile.E2E));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }

        assertThat(used).as(WorkflowFile.E2E + " uses matrix keys").isNotEmpty();
        for (JsonNode leg : matrix.path("include")) {
            assertThat(WorkflowFile.fieldNames(leg)).as("leg " + leg).containsAll(used);
        }
    }

    private static JsonNode matrix(ScriptRun run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout().strip().lines()).as("one JSON line, for $GITHUB_OUTPUT").hasSize(1);
        try {
            return new ObjectMapper().readTree(run.stdout());
        } catch (IOException e) {
            throw new AssertionError("e2e-matrix printed no JSON: " + run.describe(), e);
        }
    }

    private static List<Leg> legs(ScriptRun run) {
        List<Leg> legs = new ArrayList<>();
        for (JsonNode leg : matrix(run).path("include")) {
            legs.add(new Leg(leg.path("k3s_image").asText(), leg.path("k3s_tag").asText(), leg.path("istio").asText()));
        }
        return legs;
    }
}
