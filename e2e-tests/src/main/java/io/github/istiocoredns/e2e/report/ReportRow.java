package io.github.istiocoredns.e2e.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One case of a conformance tier: a variant, the setup it ran with, what the catalog expects and what was seen.
 *
 * @param caseId the variant id (the JUnit display name)
 * @param setup values of the report's setup columns, in their order (e.g. Corefile, CoreDNS version)
 * @param expected the expected outcome as the catalog spells it
 * @param basis the expectation's basis (hypothesis or observed)
 * @param observed the observed outcome, or why there is none
 * @param verdict observed against expected
 * @param evidence what shows the observation: an error line, answer sections, timings (may span lines)
 * @param duration the time the observation took (shared by the cases of one shared run)
 */
public record ReportRow(String caseId, List<String> setup, String expected, String basis, String observed, Verdict verdict,
        String evidence, Duration duration) {

    public ReportRow {
        Objects.requireNonNull(caseId, "caseId");
        setup = List.copyOf(setup);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(duration, "duration");
    }
}
