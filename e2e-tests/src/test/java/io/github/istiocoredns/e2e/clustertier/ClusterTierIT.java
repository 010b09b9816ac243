package io.github.istiocoredns.e2e.clustertier;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.KubeDnsMethod;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.diagnostics.DiagnosticsWriter;
import io.github.istiocoredns.e2e.diagnostics.KubernetesDiagnosticsSource;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.existing.RestoreGuard;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.k3s.K3sCluster;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.report.ConformanceReport;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.scenario.ClusterIpAdaptation;
import io.github.istiocoredns.e2e.scenario.ScenarioResult;
import io.github.istiocoredns.e2e.scenario.Step;
import io.github.istiocoredns.e2e.scenario.StepRunner;
import io.github.istiocoredns.e2e.scenario.VariantScenario;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.fruits.ParityTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Cluster tier, the main job: k3s (or, with -Dconformance.cluster=existing, the user's cluster) with Istio; one case per
 * catalog variant with a cluster expectation, named by its id. Per variant: the shared scenario steps
 * ({@link VariantScenario}) plus the observation ({@link VariantProbe}) as the last step, so the restore is the
 * scenario's own; then kube-dns is restarted and the stub name must stop resolving. Observed outcome against the
 * catalog, expected failures included. Matrix: target/conformance/cluster-matrix.md and .json (with phase timings);
 * diagnostics once, on the first failure, under target/conformance/diagnostics/.
 *
 * <p>Where k3s cannot run (no Docker, the image neither present nor pullable) every case is skipped with the reason,
 * or fails with -Dconformance.require=cluster.
 */
@Tag("cluster")
class ClusterTierIT {

    private static final String REPORT_DIRECTORY = "e2e-tests/target/conformance";
    private static final String TARGET = "e2e-tests/target";
    private static final String FRUITS_TARBALL = "fruits-api/target/jib-image.tar";
    private static final List<String> SETUP_COLUMNS = List.of("kube-dns", "pickup", "Istio DNS", "policy", "ServiceEntry", "CoreDNS");
    private static final Duration STUB_GONE_BOUND = Duration.ofSeconds(120);

    private static final List<ReportRow> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static final DiagnosticsWriter DIAGNOSTICS = new DiagnosticsWriter();
    private static final PhaseLog PHASES = new PhaseLog(System.out::println);
    private static VariantCatalog catalog;
    private static List<Variant> variants;
    private static ClusterChoice choice;
    private static Optional<String> missing = Optional.empty();
    private static String startFailure;
    private static ClusterTierRun run;
    private static long startedNanos;

    @BeforeAll
    static void prepare() {
        startedNanos = System.nanoTime();
        catalog = catalog();
        variants = catalog.variants().stream().filter(ClusterTierIT::clusterTierRuns).toList();
        choice = ClusterChoice.fromSystem();
        String k3sImage = K3sCluster.Options.fromSystemProperties(catalog.platform().k3s().image(), target()).image();
        missing = ClusterTierPrerequisite.missing(choice, () -> ImagePresence.check(k3sImage, ClusterTierPrerequisite.PULL_BOUND),
                catalog.resolve(FRUITS_TARBALL));
        if (missing.isPresent()) {
            System.out.println(TierPrerequisite.reason(Tier.CLUSTER, missing.get()));
            return;
        }
        try {
            run = ClusterTierRun.start(choice, catalog, variants, target(), catalog.resolve(FRUITS_TARBALL), PHASES);
        } catch (RuntimeException | AssertionError e) {
            startFailure = e.toString();
        }
    }

    private static VariantCatalog catalog() {
        return catalog != null ? catalog : VariantCatalog.load();
    }

    static boolean clusterTierRuns(Variant variant) {
        return variant.expected().cluster() != null && variant.expected().cluster().outcome() != ClusterOutcome.NOT_APPLICABLE;
    }

    @TestFactory
    Stream<DynamicTest> everyVariantResolvesAndRoutesAsExpected() {
        return variants.stream().map(variant -> DynamicTest.dynamicTest(variant.id(), () -> runVariant(variant)));
    }

    @TestFactory
    Stream<DynamicTest> parityWithTheArticlesImage() {
        return Stream.of(DynamicTest.dynamicTest("fruits-api-parity-with-istiosuccinctly-fruits-api", ClusterTierIT::parity));
    }

    private static void requireCluster(Variant variant) {
        if (missing.isPresent() && variant != null) {
            ROWS.add(row(variant, "not observed: tier skipped", Verdict.NOT_OBSERVED, TierPrerequisite.reason(Tier.CLUSTER, missing.get()),
                    Duration.ZERO));
        }
        TierPrerequisite.check(Tier.CLUSTER, missing);
        if (startFailure != null) {
            if (variant != null) {
                ROWS.add(row(variant, "not observed: the cluster did not start", Verdict.NOT_OBSERVED, startFailure, Duration.ZERO));
            }
            fail("cluster tier setup failed (" + choice.kind() + "): " + startFailure);
        }
    }

    private static void runVariant(Variant variant) {
        requireCluster(variant);
        Cluster cluster = run.cluster();
        Optional<String> elsewhere = needsAnotherServiceRange(variant, cluster.serviceCidr());
        if (elsewhere.isPresent()) {
            ROWS.add(row(variant, "not observed: needs another cluster", Verdict.NOT_OBSERVED, elsewhere.get(), Duration.ZERO));
            Assumptions.abort(elsewhere.get());
        }
        long started = System.nanoTime();
        VariantScenario scenario = new VariantScenario(catalog, variant, cluster);
        ManifestSet objects = scenario.objects();
        String address = scenario.fruitsClusterIp();
        OutcomeJudge judge = new OutcomeJudge(address, ParityTable.AU);
        String appVersion = appVersion(objects);
        VariantProbe probe = new VariantProbe(variant, objects, address, ParityTable.AU, ParityTable.specialFruitRows(appVersion).get(0).body(),
                observation -> {
                    if (OutcomeJudge.verdict(variant.expected().cluster(), judge.judge(observation)) != Verdict.AGREES) {
                        diagnose(cluster, "variant " + variant.id() + " observed " + judge.judge(observation).label());
                    }
                },
                () -> diagnose(cluster, "variant " + variant.id() + ": a bounded wait of the observation timed out"));
        List<Step> steps = new ArrayList<>(scenario.steps());
        steps.add(probe);
        ScenarioResult result;
        try (RestoreGuard guard = RestoreGuard.arm(() -> undoAll(cluster, steps))) {
            result = PHASES.time("variant " + variant.id(), () -> new StepRunner(cluster, PHASES::log).run(variant.id(), steps));
            guard.disarm();
        }
        String restore = afterRestore(cluster, variant);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Optional<Observation> observation = result.rejection().map(r -> Observation.rejected(r.message())).or(probe::observation);
        if (observation.isEmpty()) {
            diagnose(cluster, "variant " + variant.id() + ": setup failed");
            ROWS.add(row(variant, "not observed: setup failed", Verdict.NOT_OBSERVED, String.join("; ", result.setupFailures().stream()
                    .map(r -> r.line()).toList()), took));
            fail("variant " + variant.id() + ": setup failed before the observation:\n" + result.log());
        }
        OutcomeJudge.Judged judged = judge.judge(observation.get());
        Verdict verdict = OutcomeJudge.verdict(variant.expected().cluster(), judged);
        String negative = observation.get().negativeControl();
        String evidence = judged.evidence() + (negative == null ? "" : "; negative control " + negative) + "; restore: " + restore;
        ROWS.add(row(variant, judged.label(), verdict, evidence, took));
        List<String> problems = new ArrayList<>();
        if (verdict != Verdict.AGREES) {
            problems.add("expected " + label(variant.expected().cluster().outcome())
                    + (variant.expected().cluster().evidence() == null ? "" : " with evidence '" + variant.expected().cluster().evidence() + "'")
                    + ", observed " + judged.label() + ": " + judged.evidence());
        }
        if (negative != null && negative.startsWith(VariantProbe.NEGATIVE_CONTROL_FAILED)) {
            problems.add("negative control " + negative);
        }
        if (!result.restored()) {
            problems.add("restore not verified: " + result.restoreProblems());
        }
        if (!restore.startsWith("ok")) {
            problems.add("after the restore: " + restore);
        }
        if (!problems.isEmpty()) {
            diagnose(cluster, "variant " + variant.id() + ": " + problems.get(0));
            fail("variant " + variant.id() + " (" + variant.title() + "): " + String.join("; ", problems) + "\nsteps:\n" + result.log());
        }
    }

    /**
     * A variant that demonstrates the refusal of its fixed clusterIP by a cluster with another service range cannot be
     * observed on this one (its address must not be moved); the suite starts one cluster for all variants.
     */
    static Optional<String> needsAnotherServiceRange(Variant variant, Cidr clusterRange) {
        Cidr assumed = Cidr.parse(catalog().clusterProfileOf(variant).serviceCidr());
        if (assumed.equals(clusterRange) || ClusterIpAdaptation.allowed(variant)) {
            return Optional.empty();
        }
        return Optional.of("variant " + variant.id() + " shows how a cluster with service range " + assumed + " refuses its clusterIP; "
                + "this cluster's range is " + clusterRange + ", so it is not observed here");
    }

    /** kube-dns back on the restored configuration, and the stub name gone, so nothing bleeds into the next variant. */
    private static String afterRestore(Cluster cluster, Variant variant) {
        long started = System.nanoTime();
        try {
            if (variant.kubeDns() != KubeDnsMethod.NONE) {
                new KubeDns(cluster.client()).restart();
            }
            new Eventually(STUB_GONE_BOUND).withPollInterval(Duration.ofSeconds(2)).withConsecutiveSuccesses(2).until(
                    VariantProbe.NAME + " no longer resolves after the restore", () -> run.restoreProbe().resolve(VariantProbe.NAME),
                    DnsAnswer::notResolved);
            return String.format("ok, stub name gone %.0f s after the restore", (System.nanoTime() - started) / 1e9);
        } catch (ConditionNotMetError | RuntimeException e) {
            return "FAILED: " + e.getMessage();
        }
    }

    /** The interrupt path (JVM shutdown before the runner's own restore): undo every step, newest first. */
    private static void undoAll(Cluster cluster, List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            try {
                steps.get(i).undo(cluster);
            } catch (RuntimeException e) {
                System.err.println("restore on interrupt: " + steps.get(i).name() + " failed: " + e);
            }
        }
    }

    private static void parity() {
        requireCluster(null);
        VariantSetup setup = new VariantSetup(catalog);
        List<String> images = variants.stream().flatMap(v -> setup.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).filter(c -> "fruits-api".equals(c.getName()))
                .map(c -> c.getImage()).distinct().toList();
        String ours = images.stream().filter(i -> i.startsWith("localhost/")).findFirst().orElseThrow();
        String original = images.stream().filter(i -> !i.startsWith("localhost/")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no variant deploys the article's fruits-api image"));
        ParityInCluster.Outcome outcome = PHASES.time("parity " + ours + " vs " + original,
                () -> new ParityInCluster(run.cluster()).compare(ours, original, "1"));
        Assumptions.assumeTrue(outcome.notRun() == null, () -> "parity not compared: " + original + " cannot run here: " + outcome.notRun());
        if (!outcome.mismatches().isEmpty()) {
            fail(outcome.mismatches().size() + " parity mismatches over " + outcome.rows() + " rows:\n" + String.join("\n", outcome.mismatches()));
        }
    }

    private static void diagnose(Cluster cluster, String reason) {
        VariantSetup setup = new VariantSetup(catalog);
        List<String> namespaces = Stream.concat(Stream.of("kube-system", IstioInstallPlan.NAMESPACE),
                ClusterTierRun.namespaces(setup, variants).stream()).distinct().toList();
        List<String> clients = List.of("mesh-client");
        try {
            DIAGNOSTICS.writeOnce(new KubernetesDiagnosticsSource(cluster.client(), clients), namespaces, catalog.resolve(REPORT_DIRECTORY), reason);
        } catch (RuntimeException e) {
            System.err.println("diagnostics could not be written: " + e);
        }
    }

    @AfterAll
    static void report() {
        try {
            writeReport();
        } finally {
            if (run != null) {
                run.pullLines().forEach(PHASES::log);
                run.close();
            }
        }
    }

    private static void writeReport() {
        if (catalog == null) {
            return;
        }
        ConformanceReport report = new ConformanceReport("cluster", SETUP_COLUMNS, List.copyOf(ROWS),
                Duration.ofNanos(System.nanoTime() - startedNanos), Instant.now()).withPhases(PHASES.phases());
        report.writeTo(catalog.resolve(REPORT_DIRECTORY), "cluster-matrix");
        System.out.println(report.markdown());
    }

    private static ReportRow row(Variant variant, String observed, Verdict verdict, String evidence, Duration took) {
        var expected = variant.expected().cluster();
        List<String> setup = List.of(label(variant.kubeDns()), label(variant.kubeDnsPickup()), label(variant.istioDns()),
                variant.outboundPolicy().name(), label(variant.serviceEntry()),
                variant.istiocoredns() == null ? "-" : variant.istiocoredns().corednsVersion());
        return new ReportRow(variant.id(), setup, label(expected.outcome()), label(expected.basis()), observed, verdict, evidence, took);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** app_version of the fruits-api container (unset means "1", FACTS §1). */
    private static String appVersion(ManifestSet objects) {
        return objects.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(c -> "fruits-api".equals(c.getName())).flatMap(c -> c.getEnv() == null ? Stream.empty() : c.getEnv().stream())
                .filter(e -> "app_version".equals(e.getName())).map(EnvVar::getValue).findFirst().orElse("1");
    }

    private static Path target() {
        return catalog.resolve(TARGET);
    }
}
