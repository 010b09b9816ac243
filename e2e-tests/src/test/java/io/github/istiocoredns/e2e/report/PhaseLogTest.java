package io.github.istiocoredns.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseLogTest {

    @Test
    void phasesAreLoggedWithTheirDurationsAlsoWhenTheyFail() {
        List<String> lines = new ArrayList<>();
        PhaseLog phases = new PhaseLog(lines::add);

        phases.time("k3s start", () -> { });
        try {
            phases.time("Istio install", () -> {
                throw new IllegalStateException("chart not found");
            });
        } catch (IllegalStateException expected) {
            // the phase is still recorded
        }

        assertThat(phases.phases()).extracting(ReportPhase::name).containsExactly("k3s start", "Istio install");
        assertThat(phases.phases()).extracting(ReportPhase::completed).containsExactly(true, false);
        assertThat(lines).anyMatch(l -> l.startsWith("[phase] k3s start ...")).anyMatch(l -> l.matches("\\[phase] Istio install: FAILED after \\d+\\.\\d s"));
    }

    @Test
    void aLabelledLogNamesItsPhasesAndLinesAndSharesTheTable() {
        List<String> lines = new ArrayList<>();
        PhaseLog phases = new PhaseLog(lines::add);
        PhaseLog lane2 = phases.labelled("lane 2");

        phases.time("k3s start", () -> { });
        lane2.time("k3s start", () -> { });
        lane2.log("[images] 6 copied");

        assertThat(phases.phases()).extracting(ReportPhase::name).containsExactly("k3s start", "lane 2: k3s start");
        assertThat(lines).contains("[phase] lane 2: k3s start ...", "lane 2: [images] 6 copied");
    }
}
