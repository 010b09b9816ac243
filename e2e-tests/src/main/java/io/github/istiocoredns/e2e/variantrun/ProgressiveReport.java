package io.github.istiocoredns.e2e.variantrun;

import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.report.ConformanceReport;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A tier's matrix, written again after every variant: a run that is stopped (a CI timeout, a kill) leaves every row
 * judged so far, and a row "not observed: not run yet" for each variant it did not reach.
 */
public final class ProgressiveReport {

    static final String NOT_RUN_YET = "not observed: not run yet";

    private final String tier;
    private final String fileName;
    private final Path directory;
    private final List<Variant> variants;
    private final UnaryOperator<Expectations.Cluster> expectation;
    private final PhaseLog phases;
    private final long startedNanos = System.nanoTime();
    private final List<ReportRow> rows = Collections.synchronizedList(new ArrayList<>());

    public ProgressiveReport(String tier, String fileName, Path directory, List<Variant> variants, UnaryOperator<Expectations.Cluster> expectation,
            PhaseLog phases) {
        this.tier = tier;
        this.fileName = fileName;
        this.directory = directory;
        this.variants = List.copyOf(variants);
        this.expectation = expectation;
        this.phases = phases;
    }

    /** Where the variants' rows go as they are judged. */
    public List<ReportRow> rows() {
        return rows;
    }

    /** Writes the matrix as it stands (Markdown and JSON) and returns it; lanes write it side by side. */
    public synchronized ConformanceReport write() {
        ConformanceReport report = new ConformanceReport(tier, VariantRun.SETUP_COLUMNS, withPending(), Duration.ofNanos(System.nanoTime() - startedNanos),
                Instant.now()).withPhases(phases.phases());
        report.writeTo(directory, fileName);
        return report;
    }

    /**
     * The rows in the tier's order of variants, whichever lane judged them first: a variant's judged rows, or "not run
     * yet"; then the rows of cases that are not variants.
     */
    List<ReportRow> withPending() {
        List<ReportRow> judged;
        synchronized (rows) {
            judged = new ArrayList<>(rows);
        }
        Map<String, List<ReportRow>> byCase = new LinkedHashMap<>();
        judged.forEach(row -> byCase.computeIfAbsent(row.caseId(), id -> new ArrayList<>()).add(row));
        List<ReportRow> all = new ArrayList<>();
        for (Variant variant : variants) {
            List<ReportRow> rowsOfVariant = byCase.remove(variant.id());
            all.addAll(rowsOfVariant != null ? rowsOfVariant : List.of(VariantRun.row(variant, expectation.apply(variant.expected().cluster()),
                    NOT_RUN_YET, Verdict.NOT_OBSERVED, "the run ended or was stopped before this variant", Duration.ZERO)));
        }
        byCase.values().forEach(all::addAll);
        return all;
    }
}
