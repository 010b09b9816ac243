package io.github.istiocoredns.e2e.apiservertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.github.istiocoredns.e2e.apiserver.ApiServerCluster;
import io.github.istiocoredns.e2e.apiserver.KubeBinaries;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.StrictManifestLoader;
import io.github.istiocoredns.e2e.mesh.IstioCrds;
import io.github.istiocoredns.e2e.report.ConformanceReport;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.scenario.ScenarioResult;
import io.github.istiocoredns.e2e.scenario.StepOutcome;
import io.github.istiocoredns.e2e.scenario.StepPhase;
import io.github.istiocoredns.e2e.scenario.StepRecord;
import io.github.istiocoredns.e2e.scenario.StepRunner;
import io.github.istiocoredns.e2e.scenario.Steps;
import io.github.istiocoredns.e2e.scenario.VariantScenario;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * API-server tier: a real kube-apiserver with etcd (fabric8 kube-api-test, no nodes) and Istio's CRDs. Every catalog
 * variant's setup runs through the cluster scenario code ({@link VariantScenario}, {@link StepRunner}) twice in a row
 * and is compared with the catalog's {@code apiserver} expectation; each run is restored and the restore checked.
 * Plus measured facts: the article's clusterIP against k3s's and the article's service range, broken ServiceEntries
 * against the CRDs' schema and CEL rules, and a byte-exact kube-dns restore. The matrix goes to
 * {@code target/conformance/apiserver-matrix.md} and {@code .json} and to stdout.
 *
 * <p>Needs kube-apiserver, etcd and kubectl ({@link KubeBinaries}) and Istio's CRDs ({@link IstioCrds}); without them
 * every case is skipped with the reason, or fails with {@code -Dconformance.require=apiserver}.
 */
@Tag("apiserver")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiServerTierIT {

    private static final String REPORT_DIRECTORY = "e2e-tests/target/conformance";
    private static final String REPORT_NAME = "apiserver-matrix";
    private static final String WORK_DIRECTORY = "e2e-tests/target/kube-api-test";
    private static final String ARTICLE_SERVICE = "manifests/article/fruits-api-svc.yaml";
    private static final String FACT_PREFIX = "fact: ";
    private static final List<String> COLUMNS = List.of("service range", "kube-dns", "ServiceEntry", "steps");

    private static VariantCatalog catalog;
    private static KubeBinaries binaries;
    private static IstioCrds crds;
    private static Optional<String> missing;
    private static ApiServerClusters clusters;
    private static long tierStarted;
    private static final List<ReportRow> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static final Map<String, String> SCENARIO_TIMINGS = Collections.synchronizedMap(new LinkedHashMap<>());

    @BeforeAll
    static void prerequisites() {
        tierStarted = System.nanoTime();
        catalog = VariantCatalog.load();
        binaries = KubeBinaries.fromSystemProperties();
        var istio = catalog.platform().istio();
        crds = new IstioCrds(istio.version(), istio.helmRepository(), IstioCrds.defaultCacheRoot(), binaries.download());
        List<String> reasons = Stream.of(binaries.missing(), crds.missing()).flatMap(Optional::stream).toList();
        missing = reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
        clusters = new ApiServerClusters(binaries, crds, catalog.resolve(WORK_DIRECTORY));
    }

    @TestFactory
    @Order(1)
    @DisplayName("variant")
    Stream<DynamicTest> everyVariant() {
        return catalog.variants().stream().filter(v -> v.expected().apiserver() != null)
                .map(v -> DynamicTest.dynamicTest(v.id(), () -> checkVariant(v)));
    }

    @Test
    @Order(2)
    @DisplayName("fact: the article's clusterIP 10.103.1.1 is rejected in k3s's default range 10.43.0.0/16")
    void articleClusterIpRejectedInK3sDefaultRange() {
        String caseId = FACT_PREFIX + "article clusterIP on " + ApiServerCluster.K3S_DEFAULT_SERVICE_CIDR;
        ScenarioResult run = runArticleService(caseId, ApiServerCluster.K3S_DEFAULT_SERVICE_CIDR);
        StepRecord rejection = run.rejection().orElse(null);
        boolean agrees = rejection != null && rejection.message().contains("10.103.1.1") && run.restored();
        recordFact(caseId, ApiServerCluster.K3S_DEFAULT_SERVICE_CIDR, "rejected, naming 10.103.1.1",
                rejection == null ? VariantObservation.observed(run) : "rejected", agrees, run);
        assertThat(rejection).as("the Service with clusterIP 10.103.1.1 on service range 10.43.0.0/16; steps:\n" + run.log()).isNotNull();
        System.out.println("[apiserver tier] the server's message: " + rejection.message());
        // The wording is the catalog's business (its variant article-as-published-on-k3s-default-service-range); the fact
        // here is that the server refuses this address, names it, and the refusal is reported.
        assertThat(rejection.message()).as("the server's message").contains("HTTP 422").contains("10.103.1.1");
        assertThat(run.restoreProblems()).as("restore").isEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("fact: the article's clusterIP 10.103.1.1 is accepted in the article's range 10.96.0.0/12")
    void articleClusterIpAcceptedInArticleRange() {
        String caseId = FACT_PREFIX + "article clusterIP on " + ApiServerCluster.DEFAULT_SERVICE_CIDR;
        ScenarioResult run = runArticleService(caseId, ApiServerCluster.DEFAULT_SERVICE_CIDR);
        recordFact(caseId, ApiServerCluster.DEFAULT_SERVICE_CIDR, "applies", VariantObservation.observed(run),
                run.applied() && run.restored(), run);
        assertThat(run.applied()).as("every step applied; steps:\n" + run.log()).isTrue();
        assertThat(run.restoreProblems()).as("restore").isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("fact: a ServiceEntry with resolution NONE and endpoints is rejected by the CRD")
    void serviceEntryNoneWithEndpointsRejected() {
        checkBrokenServiceEntry("service-entry-none-with-endpoints.yaml", "ServiceEntry with resolution NONE and endpoints");
    }

    @Test
    @Order(5)
    @DisplayName("fact: a ServiceEntry without hosts is rejected by the CRD")
    void serviceEntryWithoutHostsRejected() {
        checkBrokenServiceEntry("service-entry-without-hosts.yaml", "ServiceEntry without hosts");
    }

    @Test
    @Order(6)
    @DisplayName("fact: kube-dns ConfigMaps that existed before are restored byte for byte, twice in a row")
    void existingKubeDnsConfigMapsRestoredByteForByte() {
        String caseId = FACT_PREFIX + "existing kube-dns ConfigMaps restored byte for byte";
        Cluster cluster = clusterOrSkip(caseId, ApiServerCluster.DEFAULT_SERVICE_CIDR);
        // Bytes a careless restore would change: no final newline, tabs, trailing blanks, non-ASCII, CRLF.
        Map<String, String> coredns = Map.of("Corefile", ".:53 {\n\terrors   \n    forward . /etc/resolv.conf\r\n    cache 30 # ü\n}",
                "NodeHosts", "192.0.2.10 node-ü");
        Map<String, String> custom = Map.of("other.server", "example:53 {\n    errors\n}\n");
        List<ConfigMap> existing = List.of(configMap("coredns", coredns), configMap("coredns-custom", custom));
        existing.forEach(c -> cluster.client().resource(c).create());
        List<ScenarioResult> runs = new ArrayList<>();
        try {
            for (String variantId : List.of("corrected-corefile-on-coredns-1.14.7", "corrected-corefile-coredns-custom")) {
                Variant variant = catalog.variant(variantId);
                for (int round = 0; round < 2; round++) {
                    runs.add(new StepRunner(cluster, System.out::println).run(variantId, new VariantScenario(catalog, variant, cluster).steps()));
                }
            }
            Map<String, String> corednsAfter = cluster.client().configMaps().inNamespace("kube-system").withName("coredns").get().getData();
            Map<String, String> customAfter = cluster.client().configMaps().inNamespace("kube-system").withName("coredns-custom").get().getData();
            boolean agrees = corednsAfter.equals(coredns) && customAfter.equals(custom) && runs.stream().allMatch(ScenarioResult::applied)
                    && runs.stream().allMatch(ScenarioResult::restored);
            ROWS.add(new ReportRow(caseId, List.of(ApiServerCluster.DEFAULT_SERVICE_CIDR, "configmap-edit, coredns-custom", "", runs.size() + " runs"),
                    "restored byte for byte", "fact", agrees ? "restored byte for byte" : "differs", agrees ? Verdict.AGREES : Verdict.CONTRADICTS,
                    runs.stream().map(r -> r.scenario() + ": " + (r.restored() ? "restore verified" : r.restoreProblems())).collect(Collectors.joining("\n")),
                    runs.stream().map(ScenarioResult::total).reduce(Duration.ZERO, Duration::plus)));
            runs.forEach(r -> assertThat(r.applied()).as(r.scenario() + " applied:\n" + r.log()).isTrue());
            runs.forEach(r -> assertThat(r.restoreProblems()).as(r.scenario() + " restore").isEmpty());
            assertThat(corednsAfter).as("kube-system/coredns after four runs").isEqualTo(coredns);
            assertThat(customAfter).as("kube-system/coredns-custom after four runs").isEqualTo(custom);
        } finally {
            existing.forEach(c -> cluster.client().resource(c).delete());
        }
    }

    @AfterAll
    static void writeReport() {
        Map<String, String> environment = environment();
        try {
            if (clusters != null) {
                clusters.close();
            }
        } finally {
            Duration wallTime = Duration.ofNanos(System.nanoTime() - tierStarted);
            ConformanceReport report = new ConformanceReport(Tier.APISERVER.id(), COLUMNS, new ArrayList<>(ROWS), wallTime, Instant.now());
            Path directory = catalog == null ? Path.of("target/conformance") : catalog.resolve(REPORT_DIRECTORY);
            List<Path> written = ApiServerReport.write(report, environment, directory, REPORT_NAME);
            System.out.println(ApiServerReport.markdown(written.get(0)));
            System.out.println("[apiserver tier] report written to " + written);
        }
    }

    private static void checkVariant(Variant variant) {
        var expected = variant.expected().apiserver();
        String range = catalog.clusterProfileOf(variant).serviceCidr();
        Cluster cluster = clusterOrSkip(variant.id(), range);
        VariantScenario scenario = new VariantScenario(catalog, variant, cluster);
        StepRunner runner = new StepRunner(cluster, System.out::println);
        ScenarioResult first = runner.run(variant.id(), scenario.steps());
        ScenarioResult second = runner.run(variant.id(), scenario.steps());
        if (first.applied() && SCENARIO_TIMINGS.isEmpty()) {
            SCENARIO_TIMINGS.put("one full scenario (" + variant.id() + ", " + first.in(StepPhase.SETUP).size() + " steps): setup + restore with checks",
                    first.setup().toMillis() + " ms + " + first.restore().toMillis() + " ms = " + first.total().toMillis() + " ms");
        }
        VariantObservation observation = VariantObservation.judge(expected, first, second);
        ROWS.add(new ReportRow(variant.id(), List.of(range, kebab(variant.kubeDns()), kebab(variant.serviceEntry()),
                first.in(StepPhase.SETUP).size() + " (clusterIP " + scenario.fruitsClusterIp() + ")"),
                VariantObservation.expectedText(expected), expected.basis().toString().toLowerCase(), observation.observed(),
                observation.agrees() ? Verdict.AGREES : Verdict.CONTRADICTS, evidence(first, second), first.total().plus(second.total())));
        if (!observation.agrees()) {
            fail("variant " + variant.id() + " on " + cluster.name() + ": expected " + VariantObservation.expectedText(expected) + " ("
                    + expected.basis() + ")\n  " + String.join("\n  ", observation.disagreements()) + "\nfirst run:\n" + first.log()
                    + "\nsecond run:\n" + second.log());
        }
    }

    private static ScenarioResult runArticleService(String caseId, String range) {
        Cluster cluster = clusterOrSkip(caseId, range);
        StrictManifestLoader loader = new StrictManifestLoader(catalog.projectRoot());
        List<HasMetadata> objects = loader.load(List.of(catalog.resolve(ARTICLE_SERVICE))).objects().stream().map(o -> o.object()).toList();
        Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast).findFirst().orElseThrow();
        return new StepRunner(cluster, System.out::println).run(caseId, List.of(
                Steps.namespace(service.getMetadata().getNamespace(), Map.of()),
                Steps.object(service, "clusterIP " + service.getSpec().getClusterIP() + ", from " + ARTICLE_SERVICE)));
    }

    private static void checkBrokenServiceEntry(String resource, String what) {
        String caseId = FACT_PREFIX + what;
        Cluster cluster = clusterOrSkip(caseId, ApiServerCluster.DEFAULT_SERVICE_CIDR);
        HasMetadata broken;
        try (InputStream in = ApiServerTierIT.class.getResourceAsStream("/apiserver-tier/" + resource)) {
            broken = cluster.client().load(in).items().get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ScenarioResult run = new StepRunner(cluster, System.out::println).run(caseId, List.of(
                Steps.namespace(broken.getMetadata().getNamespace(), Map.of()), Steps.object(broken, "deliberately broken: " + what)));
        StepRecord rejection = run.rejection().orElse(null);
        recordFact(caseId, ApiServerCluster.DEFAULT_SERVICE_CIDR, "rejected by the CRD", rejection == null ? VariantObservation.observed(run) : "rejected",
                rejection != null && run.restored(), run);
        assertThat(rejection).as(what + " must be rejected; steps:\n" + run.log()).isNotNull();
        System.out.println("[apiserver tier] " + what + ": the server's message: " + rejection.message());
        assertThat(rejection.message()).as("the server's message").contains("HTTP 422").contains(broken.getMetadata().getName());
        assertThat(run.restoreProblems()).as("restore").isEmpty();
    }

    private static Cluster clusterOrSkip(String caseId, String range) {
        if (missing.isPresent()) {
            ROWS.add(new ReportRow(caseId, List.of(range, "", "", ""), "", "", "not observed: " + missing.get(), Verdict.NOT_OBSERVED, "",
                    Duration.ZERO));
            TierPrerequisite.check(Tier.APISERVER, missing);
        }
        return clusters.forRange(range);
    }

    private static void recordFact(String caseId, String range, String expected, String observed, boolean agrees, ScenarioResult run) {
        String evidence = run.rejection().map(StepRecord::message).orElse(run.restored() ? "restore verified" : String.join("; ", run.restoreProblems()));
        ROWS.add(new ReportRow(caseId, List.of(range, "", "", String.valueOf(run.in(StepPhase.SETUP).size())),
                expected, "fact", observed, agrees ? Verdict.AGREES : Verdict.CONTRADICTS, evidence, run.total()));
    }

    private static String evidence(ScenarioResult first, ScenarioResult second) {
        String rejection = first.rejection().map(r -> r.step() + ": " + r.message() + "\n").orElse("");
        long notRun = first.records().stream().filter(r -> r.outcome() == StepOutcome.NOT_RUN).count();
        return rejection + (notRun > 0 ? notRun + " later steps not run\n" : "") + "setup " + first.setup().toMillis() + " ms, restore "
                + first.restore().toMillis() + " ms; restore " + (first.restored() ? "verified" : "NOT verified") + "; second run: "
                + VariantObservation.observed(second) + ", restore " + (second.restored() ? "verified" : "NOT verified");
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("kube-system").endMetadata().withData(data).build();
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        if (catalog != null) {
            environment.put("Istio (CRDs)", catalog.platform().istio().version() + " from " + crds.file());
        }
        if (binaries != null) {
            environment.put("kube-api-test binaries", "Kubernetes " + binaries.requested() + " under " + binaries.directory()
                    + (binaries.download() ? " (download allowed)" : " (offline)"));
        }
        if (clusters != null) {
            clusters.started().forEach((range, started) -> {
                environment.put("Kubernetes (" + range + ")", started.cluster().kubernetesVersion());
                environment.put("API server start (" + range + ")", started.startup().toMillis() + " ms");
                environment.put("Istio CRDs install (" + range + ")", started.crdCount() + " CRDs in " + started.crdInstall().toMillis() + " ms");
            });
        }
        environment.putAll(SCENARIO_TIMINGS);
        if (missing != null) {
            missing.ifPresent(reason -> environment.put("not observed", reason));
        }
        return environment;
    }

    private static String kebab(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
