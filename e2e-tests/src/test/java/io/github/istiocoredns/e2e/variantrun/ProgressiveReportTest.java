package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressiveReportTest {

    @Test
    void everyWriteHoldsTheJudgedRowsAndAPendingRowForEachVariantNotReached(@TempDir Path dir) throws Exception {
        VariantCatalog catalog = VariantCatalog.load();
        List<Variant> variants = catalog.variants().stream().filter(VariantSelection::runsInCluster).limit(3).toList();
        ProgressiveReport report = new ProgressiveReport("cluster", "cluster-matrix", dir, variants, UnaryOperator.identity(), new PhaseLog(line -> { }));

        report.write();
        String before = Files.readString(dir.resolve("cluster-matrix.md"));
        report.rows().add(VariantRun.row(variants.get(0), variants.get(0).expected().cluster(), "resolves-and-routes", Verdict.AGREES, "A 10.103.1.1",
                Duration.ofSeconds(20)));
        report.write();
        String after = Files.readString(dir.resolve("cluster-matrix.md"));

        assertThat(before).contains(variants.get(0).id(), variants.get(1).id(), variants.get(2).id()).contains(ProgressiveReport.NOT_RUN_YET);
        assertThat(report.withPending()).extracting(ReportRow::caseId).containsExactly(variants.get(0).id(), variants.get(1).id(), variants.get(2).id());
        assertThat(report.withPending()).extracting(ReportRow::verdict).containsExactly(Verdict.AGREES, Verdict.NOT_OBSERVED, Verdict.NOT_OBSERVED);
        assertThat(after).contains("A 10.103.1.1");
        assertThat(Files.readString(dir.resolve("cluster-matrix.json"))).contains(ProgressiveReport.NOT_RUN_YET);
    }

    @Test
    void rowsJudgedOutOfOrderByTwoLanesAreWrittenInTheTiersOrder(@TempDir Path dir) {
        List<Variant> variants = VariantCatalog.load().variants().stream().filter(VariantSelection::runsInCluster).limit(3).toList();
        ProgressiveReport report = new ProgressiveReport("cluster", "cluster-matrix", dir, variants, UnaryOperator.identity(), new PhaseLog(line -> { }));

        report.rows().add(VariantRun.row(variants.get(2), variants.get(2).expected().cluster(), "not-resolved", Verdict.AGREES, "NXDOMAIN",
                Duration.ofSeconds(80)));
        report.rows().add(VariantRun.row(variants.get(0), variants.get(0).expected().cluster(), "resolves-and-routes", Verdict.AGREES, "A 10.103.1.1",
                Duration.ofSeconds(20)));

        assertThat(report.withPending()).extracting(ReportRow::caseId).containsExactly(variants.get(0).id(), variants.get(1).id(), variants.get(2).id());
        assertThat(report.withPending()).extracting(ReportRow::observed).containsExactly("resolves-and-routes", ProgressiveReport.NOT_RUN_YET,
                "not-resolved");
    }
}
