package io.github.istiocoredns.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceReportTest {

    private static final Instant FINISHED = Instant.parse("2026-11-25T21:00:00Z");

    private static final ReportRow REJECTED = new ReportRow("gt-on-1.6.2", List.of("article-gt-1.4.0.Corefile", "1.6.2"),
            "rejected-at-startup", "hypothesis", "rejected-at-startup", Verdict.AGREES,
            "exit 1: plugin/grpc: this plugin can only be used once per Server Block", Duration.ofMillis(2500));
    private static final ReportRow RESOLVED = new ReportRow("corrected-on-1.14.7", List.of("corrected.Corefile", "1.14.7"),
            "starts-and-resolves", "observed", "starts-not-resolved", Verdict.CONTRADICTS,
            "UDP: my-fruits.internal. 30 IN A 10.103.1.1\nTCP: a|b", Duration.ofMillis(3100));

    private final ConformanceReport report = new ConformanceReport("corefile", List.of("Corefile", "CoreDNS"),
            List.of(REJECTED, RESOLVED), Duration.ofMillis(41234), FINISHED);

    @Test
    void markdownHasOneTableRowPerCaseWithEveryColumn() {
        List<String> lines = report.markdown().lines().toList();

        assertThat(lines).contains("| variant | Corefile | CoreDNS | expected (basis) | observed | verdict | evidence | duration |");
        assertThat(lines).contains("| gt-on-1.6.2 | article-gt-1.4.0.Corefile | 1.6.2 | rejected-at-startup (hypothesis) "
                + "| rejected-at-startup | agrees | exit 1: plugin/grpc: this plugin can only be used once per Server Block | 2500 ms |");
        assertThat(lines.stream().filter(line -> line.startsWith("| corrected-on-1.14.7 "))).singleElement().asString()
                .contains("| CONTRADICTS |");
    }

    @Test
    void markdownCellsKeepTheTableIntact() {
        assertThat(report.markdown()).contains("UDP: my-fruits.internal. 30 IN A 10.103.1.1<br>TCP: a\\|b");
    }

    @Test
    void theSummaryGivesCountsAndTheTiersWallTime() {
        assertThat(report.markdown()).contains("2 cases (1 agrees, 1 CONTRADICTS); tier wall time 41234 ms; finished 2026-11-25T21:00:00Z");
    }

    @Test
    void jsonHoldsTheSameRowsWithSetupByColumnName() throws IOException {
        JsonNode json = new ObjectMapper().readTree(report.json());

        assertThat(json.get("tier").asText()).isEqualTo("corefile");
        assertThat(json.get("wallTimeMillis").asLong()).isEqualTo(41234);
        assertThat(json.get("counts").get("CONTRADICTS").asInt()).isEqualTo(1);
        JsonNode second = json.get("rows").get(1);
        assertThat(second.get("variant").asText()).isEqualTo("corrected-on-1.14.7");
        assertThat(second.get("setup").get("CoreDNS").asText()).isEqualTo("1.14.7");
        assertThat(second.get("expected").asText()).isEqualTo("starts-and-resolves");
        assertThat(second.get("basis").asText()).isEqualTo("observed");
        assertThat(second.get("observed").asText()).isEqualTo("starts-not-resolved");
        assertThat(second.get("evidence").asText()).isEqualTo("UDP: my-fruits.internal. 30 IN A 10.103.1.1\nTCP: a|b");
        assertThat(second.get("durationMillis").asLong()).isEqualTo(3100);
    }

    @Test
    void anEmptyRunSaysSo() {
        ConformanceReport empty = new ConformanceReport("corefile", List.of(), List.of(), Duration.ZERO, FINISHED);

        assertThat(empty.markdown()).contains("0 cases (none)");
    }

    @Test
    void aRowWithTheWrongNumberOfSetupValuesIsRefused() {
        ReportRow short1 = new ReportRow("x", List.of("only-one"), "e", "b", "o", Verdict.AGREES, "", Duration.ZERO);

        assertThatThrownBy(() -> new ConformanceReport("corefile", List.of("Corefile", "CoreDNS"), List.of(short1), Duration.ZERO, FINISHED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row x has 1 setup values for 2");
    }

    @Test
    void writesMarkdownAndJsonSideBySide(@TempDir Path directory) throws IOException {
        List<Path> written = report.writeTo(directory.resolve("conformance"), "corefile-matrix");

        assertThat(written).extracting(path -> path.getFileName().toString()).containsExactly("corefile-matrix.md", "corefile-matrix.json");
        assertThat(Files.readString(written.get(0))).isEqualTo(report.markdown());
        assertThat(Files.readString(written.get(1))).isEqualTo(report.json());
    }

    @Test
    void phasesFollowTheMatrixInMarkdownAndJson() throws IOException {
        ConformanceReport withPhases = report.withPhases(List.of(
                new ReportPhase("k3s start", Duration.ofMillis(41_200), true),
                new ReportPhase("Istio install", Duration.ofMillis(4_000), false)));

        assertThat(withPhases.markdown()).endsWith("## Phases\n\n| phase | duration |\n| --- | --- |\n"
                + "| k3s start | 41.2 s |\n| Istio install | FAILED after 4.0 s |\n");
        JsonNode phases = new ObjectMapper().readTree(withPhases.json()).get("phases");
        assertThat(phases).hasSize(2);
        assertThat(phases.get(1).get("name").asText()).isEqualTo("Istio install");
        assertThat(phases.get(1).get("durationMillis").asLong()).isEqualTo(4_000);
        assertThat(phases.get(1).get("completed").asBoolean()).isFalse();
        assertThat(report.markdown()).doesNotContain("## Phases");
    }
}
