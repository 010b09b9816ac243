package io.github.istiocoredns.e2e.corefiletier;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.istiocoredns.e2e.catalog.CorefileOutcome;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.dockerdns.DockerPrerequisites;
import io.github.istiocoredns.e2e.report.ConformanceReport;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Corefile tier: every catalog variant with a corefile-tier expectation, its istiocoredns Corefile on the CoreDNS
 * release it names, behind a modern kube-dns CoreDNS with its stub block, in front of the plugin stand-in
 * ({@code e2e-tests/STANDIN.md}). One case per variant, named by its id. Variants with the same {@link ChainSetup}
 * share one chain run; runs go {@value #PARALLEL_RUNS} at a time, and the one run with the negative control (~30 s)
 * starts first. Each case compares the observation with the catalog and fails naming the step, expected and seen.
 * The matrix goes to {@code target/conformance/corefile-matrix.md} and {@code .json} and to stdout, also when cases
 * fail or are skipped.
 *
 * <p>Runs where Docker answers; images come from Docker Hub or, where no registry is reachable, from
 * scripts/offline-images (found by {@code OfflineMirrorSubstitutor}). Cases whose images are missing are skipped with
 * the reason, or fail with {@code -Dconformance.require=corefile}.
 */
@Tag("corefile")
class CorefileTierIT {

    private static final int PARALLEL_RUNS = 3;
    /** A chain run takes seconds; the negative control's about 35 s; runs queue behind each other. */
    private static final Duration RUN_WAIT = Duration.ofMinutes(4);
    private static final String REPORT_DIRECTORY = "e2e-tests/target/conformance";
    private static final String REPORT_NAME = "corefile-matrix";
    private static final String MIRROR_HINT = " (without a registry: scripts/offline-images coredns builds them under the prefix mirror.local/, "
            + "where the suite finds them by itself)";

    private static VariantCatalog catalog;
    private static List<CorefileCase> cases;
    private static String kubeDnsImage;
    private static long tierStartedNanos;
    private static final List<ReportRow> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static final Map<ChainSetup, Optional<String>> MISSING = new LinkedHashMap<>();
    private static final Map<ChainSetup, CompletableFuture<ChainObservation>> RUNS = new LinkedHashMap<>();
    private static ExecutorService executor;

    @BeforeAll
    static void loadCases() {
        tierStartedNanos = System.nanoTime();
        catalog = VariantCatalog.load();
        cases = CorefileCase.from(catalog);
        kubeDnsImage = CorefileCase.newestImage(cases);
    }

    @TestFactory
    @DisplayName("variant")
    Stream<DynamicTest> everyVariantWithACorefileExpectation() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.variant().id(), () -> check(c)));
    }

    @AfterAll
    static void writeReport() {
        if (executor != null) {
            executor.shutdownNow();
        }
        Duration wallTime = Duration.ofNanos(System.nanoTime() - tierStartedNanos);
        List<String> order = cases == null ? List.of() : cases.stream().map(c -> c.variant().id()).toList();
        List<ReportRow> rows = new ArrayList<>(ROWS);
        rows.sort(Comparator.comparingInt(row -> order.indexOf(row.caseId())));
        ConformanceReport report = new ConformanceReport(Tier.COREFILE.id(), List.of("Corefile", "CoreDNS"), rows, wallTime, Instant.now());
        Path directory = catalog == null ? Path.of("target/conformance") : catalog.resolve(REPORT_DIRECTORY);
        List<Path> written = report.writeTo(directory, REPORT_NAME);
        System.out.println(report.markdown());
        System.out.println("[corefile tier] report written to " + written);
    }

    private static void check(CorefileCase c) throws InterruptedException {
        startRuns();
        Optional<String> missing = MISSING.get(c.setup());
        if (missing.isPresent()) {
            record(c, "not observed: " + missing.get(), Verdict.NOT_OBSERVED, "", Duration.ZERO);
            TierPrerequisite.check(Tier.COREFILE, missing);
        }
        ChainObservation observation = awaitRun(c);
        CorefileVerdict verdict = CorefileVerdict.judge(c.expected(), c.expectedAddresses(), c.globalAddresses(), observation);
        record(c, CorefileVerdict.name(verdict.observed()), verdict.agrees() ? Verdict.AGREES : Verdict.CONTRADICTS,
                verdict.evidence(), observation.took());
        if (!verdict.agrees()) {
            fail("variant " + c.variant().id() + " (" + c.setup().corefile() + " on " + c.setup().image() + "), expected "
                    + CorefileVerdict.name(c.expected().outcome()) + " (" + c.expected().basis() + ") disagrees with the observation:\n  "
                    + String.join("\n  ", verdict.disagreements()) + "\nevidence:\n" + verdict.evidence() + "\nlogs:\n" + observation.logs());
        }
    }

    private static ChainObservation awaitRun(CorefileCase c) throws InterruptedException {
        try {
            return RUNS.get(c.setup()).get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException broken) {
            record(c, "not observed: the chain run broke: " + broken.getCause(), Verdict.NOT_OBSERVED, "", Duration.ZERO);
            throw new AssertionError("variant " + c.variant().id() + ": the chain run for " + c.setup().corefile() + " on "
                    + c.setup().image() + " broke before an observation", broken.getCause());
        } catch (TimeoutException slow) {
            record(c, "not observed: no observation within " + RUN_WAIT.toSeconds() + " s", Verdict.NOT_OBSERVED, "", Duration.ZERO);
            throw new AssertionError("variant " + c.variant().id() + ": no observation of " + c.setup() + " within " + RUN_WAIT, slow);
        }
    }

    /** Once per tier: decides which runs can go (images present) and starts them, the negative control's first. */
    private static synchronized void startRuns() {
        if (executor != null) {
            return;
        }
        executor = Executors.newFixedThreadPool(PARALLEL_RUNS, runnable -> {
            Thread thread = new Thread(runnable, "corefile-tier-run");
            thread.setDaemon(true);
            return thread;
        });
        DockerPrerequisites prerequisites = new DockerPrerequisites();
        ChainObserver observer = new ChainObserver(kubeDnsImage);
        ChainSetup negativeControl = cases.stream().filter(c -> c.expected().outcome() == CorefileOutcome.STARTS_AND_RESOLVES)
                .map(CorefileCase::setup).findFirst().orElse(null);
        Set<ChainSetup> setups = new LinkedHashSet<>();
        if (negativeControl != null) {
            setups.add(negativeControl);
        }
        cases.forEach(c -> setups.add(c.setup()));
        for (ChainSetup setup : setups) {
            Optional<String> missing = prerequisites.missing(List.of(setup.image(), kubeDnsImage)).map(reason -> reason + MIRROR_HINT);
            MISSING.put(setup, missing);
            if (missing.isEmpty()) {
                boolean withNegativeControl = setup.equals(negativeControl);
                RUNS.put(setup, CompletableFuture.supplyAsync(() -> observer.observe(setup, withNegativeControl), executor));
            }
        }
    }

    private static void record(CorefileCase c, String observed, Verdict verdict, String evidence, Duration duration) {
        ROWS.add(new ReportRow(c.variant().id(), List.of(Path.of(c.setup().corefile()).getFileName().toString(), c.corednsVersion()),
                CorefileVerdict.name(c.expected().outcome()), c.expected().basis().toString().toLowerCase(java.util.Locale.ROOT),
                observed, verdict, evidence, duration));
    }
}
