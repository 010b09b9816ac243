package io.github.istiocoredns.e2e.clustertier;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.TestFruits;
import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.diagnostics.DiagnosticsWriter;
import io.github.istiocoredns.e2e.diagnostics.KubernetesDiagnosticsSource;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.images.FruitsApiStandIn;
import io.github.istiocoredns.e2e.k3s.ClusterImages;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.k3s.K3sCluster;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.scenario.VariantScenario;
import io.github.istiocoredns.e2e.tier.Deadline;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.e2e.variantrun.Lanes;
import io.github.istiocoredns.e2e.variantrun.ProgressiveReport;
import io.github.istiocoredns.e2e.variantrun.VariantRun;
import io.github.istiocoredns.e2e.variantrun.VariantSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Cluster tier, the main job: k3s (or, with -Dconformance.cluster=existing, the user's cluster) with Istio; one case per
 * catalog variant with a cluster expectation, named by its id. Per variant: the shared scenario steps
 * ({@link VariantScenario}) plus the observation ({@link io.github.istiocoredns.e2e.variantrun.VariantRun}) as the last step, so the restore is the
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
    /** The variants to run: comma-separated ids, or all (empty: all). The pom gives ./mvnw verify a subset, -Pe2e all. */
    static final String VARIANTS_PROPERTY = "conformance.cluster.variants";
    /** Whether to compare our fruits-api with the article's image in the cluster (needs that image from Docker Hub). */
    static final String PARITY_PROPERTY = "conformance.cluster.parity";
    /** How many k3s clusters run variants side by side (default 2); an existing cluster is always one. */
    static final String LANES_PROPERTY = "conformance.cluster.lanes";
    private static final int DEFAULT_LANES = 2;
    /** How long a case waits for its variant, which may wait for the variants before it on its lane. */
    private static final Duration CASE_BOUND = Duration.ofMinutes(60);

    private static final DiagnosticsWriter DIAGNOSTICS = new DiagnosticsWriter();
    private static final PhaseLog PHASES = new PhaseLog(System.out::println);
    private static VariantCatalog catalog;
    private static List<Variant> variants;
    private static ClusterChoice choice;
    private static Optional<String> missing = Optional.empty();
    private static String startFailure;
    private static ClusterTierRun run;
    private static Lanes<ClusterTierRun, Variant> lanes;
    /** Second clusters for variants of another cluster profile, by profile id. */
    private static final Map<String, ClusterTierRun> OTHER_RUNS = new LinkedHashMap<>();
    private static final VariantSetup SETUP = new VariantSetup(VariantCatalog.load());
    private static ProgressiveReport report;
    private static Optional<Deadline> deadline = Optional.empty();

    @BeforeAll
    static void prepare() {
        deadline = Deadline.fromSystemProperties(Instant.now());
        catalog = catalog();
        variants = VariantSelection.selected(catalog.variants().stream().filter(VariantSelection::runsInCluster).toList(), VARIANTS_PROPERTY);
        report = new ProgressiveReport("cluster", "cluster-matrix", catalog.resolve(REPORT_DIRECTORY), variants, UnaryOperator.identity(), PHASES);
        report.write();
        choice = ClusterChoice.fromSystem();
        if (variants.isEmpty()) {
            missing = Optional.of("no variant selected (-D" + VARIANTS_PROPERTY + "=" + System.getProperty(VARIANTS_PROPERTY) + ")");
            return;
        }
        String k3sImage = K3sCluster.Options.fromSystemProperties(catalog.platform().k3s().image(), target()).image();
        missing = ClusterTierPrerequisite.missing(choice, () -> ImagePresence.check(k3sImage, ClusterTierPrerequisite.PULL_BOUND),
                catalog.resolve(FRUITS_TARBALL)).or(() -> choice.kind() == ClusterChoice.Kind.K3S
                        ? ImageSource.fromSystem(k3sImage, ImageSource::isOfflineK3s).missing(catalog) : Optional.empty());
        if (missing.isPresent()) {
            System.out.println(TierPrerequisite.reason(Tier.CLUSTER, missing.get()));
            return;
        }
        int laneCount = laneCount();
        try {
            run = ClusterTierRun.start(choice, catalog, variants, target(), catalog.resolve(FRUITS_TARBALL),
                    laneCount > 1 ? PHASES.labelled("lane 1") : PHASES, ClusterTierIT::diagnose);
        } catch (RuntimeException | AssertionError e) {
            startFailure = e.toString();
            report.write();
            return;
        }
        lanes = new Lanes<>(variants, laneCount, run, lane -> ClusterTierRun.start(choice, catalog, variants, target().resolve("k3s-lane-" + lane),
                catalog.resolve(FRUITS_TARBALL), PHASES.labelled("lane " + lane), ClusterTierIT::diagnose), ClusterTierIT::runVariant, PHASES::log);
        report.write();
    }

    /** k3s clusters side by side ({@value #LANES_PROPERTY}); one where the cluster is the user's. */
    private static int laneCount() {
        String value = System.getProperty(LANES_PROPERTY, "").strip();
        int asked;
        try {
            asked = value.isEmpty() ? DEFAULT_LANES : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + LANES_PROPERTY + "=" + value + ": expected a number of clusters, 1 or more", e);
        }
        if (asked < 1) {
            throw new IllegalArgumentException("-D" + LANES_PROPERTY + "=" + value + ": expected a number of clusters, 1 or more");
        }
        if (choice.kind() != ClusterChoice.Kind.K3S && asked > 1) {
            PHASES.log("[lanes] an existing cluster is one lane (-D" + LANES_PROPERTY + "=" + asked + " applies to k3s only)");
            return 1;
        }
        PHASES.log("[lanes] " + asked + " k3s cluster(s) side by side (-D" + LANES_PROPERTY + ")");
        return asked;
    }

    private static VariantCatalog catalog() {
        return catalog != null ? catalog : VariantCatalog.load();
    }

    @TestFactory
    Stream<DynamicTest> everyVariantResolvesAndRoutesAsExpected() {
        return variants.stream().map(variant -> DynamicTest.dynamicTest(variant.id(), () -> awaitVariant(variant)));
    }

    /** Only where asked ({@value #PARITY_PROPERTY}, the e2e profile): it needs the published original image. */
    @TestFactory
    Stream<DynamicTest> parityWithTheArticlesImage() {
        return Boolean.getBoolean(PARITY_PROPERTY)
                ? Stream.of(DynamicTest.dynamicTest("fruits-api-parity-with-istiosuccinctly-fruits-api", ClusterTierIT::parity))
                : Stream.empty();
    }

    private static void requireCluster(Variant variant) {
        if (missing.isPresent() && variant != null) {
            report.rows().add(row(variant, "not observed: tier skipped", Verdict.NOT_OBSERVED, TierPrerequisite.reason(Tier.CLUSTER, missing.get()),
                    Duration.ZERO));
        }
        TierPrerequisite.check(Tier.CLUSTER, missing);
        if (startFailure != null) {
            if (variant != null) {
                report.rows().add(row(variant, "not observed: the cluster tier's setup failed", Verdict.NOT_OBSERVED, startFailure, Duration.ZERO));
            }
            fail("cluster tier setup failed (" + choice.kind() + "): " + startFailure);
        }
    }

    /** The case of one variant: it ends as the variant's run on its lane ended. */
    private static void awaitVariant(Variant variant) throws Throwable {
        requireCluster(variant);
        lanes.await(variant, CASE_BOUND);
    }

    /**
     * One variant on a lane's cluster, unless it shows what a cluster with another service range does with its fixed
     * clusterIP (the article's manifests on k3s's default range): then on a k3s with that range, started the first time
     * such a variant comes and kept for the others, which run there one at a time. An existing cluster has one range.
     */
    private static void runVariant(ClusterTierRun lane, Variant variant) {
        Optional<String> elsewhere = VariantRun.needsAnotherServiceRange(catalog, variant, lane.cluster().serviceCidr());
        if (elsewhere.isEmpty() || choice.kind() != ClusterChoice.Kind.K3S) {
            runVariantOn(lane, variant);
            return;
        }
        synchronized (OTHER_RUNS) {
            runVariantOn(otherRange(catalog.clusterProfileOf(variant)), variant);
        }
    }

    private static void runVariantOn(ClusterTierRun on, Variant variant) {
        try {
            Optional<FruitsApiStandIn> standIn = fruitsApiStandIn(on, variant);
            VariantRun variantRun = new VariantRun(catalog, on.cluster(), on.restoreProbe(), on.phases(), report.rows(), TestFruits.answers(),
                    UnaryOperator.identity(), true,
                    on::prePullFailure, set -> standIn.map(s -> s.adapt(set, SETUP.loader().binding())).orElse(set),
                    standIn.map(FruitsApiStandIn::note).orElse(null), reason -> diagnose(on.cluster(), reason));
            Optional<String> late = deadline.flatMap(d -> d.passed(Instant.now()));
            if (late.isPresent()) {
                variantRun.notObserved(variant, "not observed: deadline", late.get());
                TierPrerequisite.check(Tier.CLUSTER, late);
            }
            variantRun.run(variant);
        } finally {
            report.write();
        }
    }

    /** Guarded by OTHER_RUNS. */
    private static ClusterTierRun otherRange(ClusterProfile profile) {
        ClusterTierRun other = OTHER_RUNS.get(profile.id());
        if (other == null) {
            List<Variant> ofProfile = variants.stream().filter(v -> catalog.clusterProfileOf(v).id().equals(profile.id())).toList();
            PHASES.log("[k3s] another cluster for the variants of profile " + profile.id() + " (service range " + profile.serviceCidr() + "): "
                    + ofProfile.stream().map(Variant::id).toList());
            other = ClusterTierRun.start(choice, catalog, ofProfile, target().resolve("k3s-" + profile.id()), catalog.resolve(FRUITS_TARBALL),
                    PHASES.labelled(profile.id()), ClusterTierIT::diagnose);
            OTHER_RUNS.put(profile.id(), other);
        }
        return other;
    }

    /**
     * Our fruits-api in the place of the article's image, for a variant that runs the article's image where its pull
     * failed (no registry): see {@link FruitsApiStandIn}. Empty where the original was pulled.
     */
    private static Optional<FruitsApiStandIn> fruitsApiStandIn(ClusterTierRun run, Variant variant) {
        ManifestSet manifests = SETUP.manifests(variant);
        Optional<String> original = fruitsApiImages().stream().filter(image -> !image.startsWith(ClusterImages.LOCAL_PREFIX))
                .filter(image -> manifests.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                        .anyMatch(c -> image.equals(c.getImage()))).findFirst();
        return original.flatMap(image -> run.awaitPullFailure(image).map(why -> new FruitsApiStandIn(image, oursFruitsApi(), why)));
    }

    /** The fruits-api images the variants run: the article's and ours (under localhost/). */
    private static List<String> fruitsApiImages() {
        return variants.stream().flatMap(v -> SETUP.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).filter(c -> "fruits-api".equals(c.getName()))
                .map(c -> c.getImage()).distinct().toList();
    }

    private static String oursFruitsApi() {
        return catalog.variants().stream().flatMap(v -> SETUP.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).filter(c -> "fruits-api".equals(c.getName()))
                .map(c -> c.getImage()).filter(i -> i.startsWith(ClusterImages.LOCAL_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no manifest runs our fruits-api (an image under " + ClusterImages.LOCAL_PREFIX + ")"));
    }

    private static void parity() {
        requireCluster(null);
        String ours = oursFruitsApi();
        String original = catalog.variants().stream().flatMap(v -> SETUP.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).filter(c -> "fruits-api".equals(c.getName()))
                .map(c -> c.getImage()).filter(i -> !i.startsWith(ClusterImages.LOCAL_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no variant deploys the article's fruits-api image"));
        ParityInCluster.Outcome outcome = PHASES.time("parity " + ours + " vs " + original,
                () -> new ParityInCluster(run.cluster(), run::prePullFailure).compare(ours, original, "1"));
        if (outcome.notRun() != null) {
            // Only the published original's pull skips it, and only where the tier is not demanded.
            TierPrerequisite.check(Tier.CLUSTER, Optional.of("parity not compared: the published " + original + " cannot be pulled here: " + outcome.notRun()));
        }
        if (!outcome.mismatches().isEmpty()) {
            fail(outcome.mismatches().size() + " parity mismatches over " + outcome.rows() + " rows:\n" + String.join("\n", outcome.mismatches()));
        }
    }

    private static void diagnose(Cluster cluster, String reason) {
        diagnose(cluster, reason, cluster instanceof K3sCluster k3s ? Map.of(ClusterTierRun.K3S_LOG, k3s::containerLog) : Map.of());
    }

    /** @param cluster null when none runs (k3s did not start): then only the extras are written */
    private static void diagnose(Cluster cluster, String reason, Map<String, Callable<String>> extras) {
        VariantSetup setup = new VariantSetup(catalog);
        List<String> namespaces = Stream.concat(Stream.of("kube-system", IstioInstallPlan.NAMESPACE),
                VariantSelection.namespaces(setup, variants).stream()).distinct().toList();
        List<String> clients = List.of("mesh-client");
        try {
            List<Path> written = DIAGNOSTICS.writeOnce(cluster == null ? null : new KubernetesDiagnosticsSource(cluster.client(), clients), namespaces,
                    catalog.resolve(REPORT_DIRECTORY), reason, extras);
            if (!written.isEmpty()) {
                System.out.println("diagnostics (" + written.size() + " files): " + catalog.resolve(REPORT_DIRECTORY).resolve(DiagnosticsWriter.DIRECTORY));
            }
        } catch (RuntimeException e) {
            System.err.println("diagnostics could not be written: " + e);
        }
    }

    @AfterAll
    static void finish() {
        try {
            if (report != null) {
                System.out.println(report.write().markdown());
            }
        } finally {
            if (lanes != null) {
                lanes.close();
            }
            OTHER_RUNS.values().forEach(ClusterTierRun::close);
            if (run != null) {
                run.pullLines().forEach(PHASES::log);
                run.close();
            }
        }
    }

    private static ReportRow row(Variant variant, String observed, Verdict verdict, String evidence, Duration took) {
        return VariantRun.row(variant, variant.expected().cluster(), observed, verdict, evidence, took);
    }

    private static Path target() {
        return catalog.resolve(TARGET);
    }
}
