package io.github.istiocoredns.e2e.nodetier;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.TestFruits;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.IstioDnsMode;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.diagnostics.DiagnosticsWriter;
import io.github.istiocoredns.e2e.diagnostics.KubernetesDiagnosticsSource;
import io.github.istiocoredns.e2e.existing.ExistingCluster;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.k3s.ClusterImages;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.mesh.IstioCrds;
import io.github.istiocoredns.e2e.node.LocalNode;
import io.github.istiocoredns.e2e.node.NodeImages;
import io.github.istiocoredns.e2e.node.PluginRelay;
import io.github.istiocoredns.e2e.node.ServiceEntryFeed;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.scenario.VariantScenario;
import io.github.istiocoredns.e2e.standin.StandInPluginServer;
import io.github.istiocoredns.e2e.tier.Deadline;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.e2e.variantrun.KubeDns;
import io.github.istiocoredns.e2e.variantrun.ProgressiveReport;
import io.github.istiocoredns.e2e.variantrun.RestoreProbe;
import io.github.istiocoredns.e2e.variantrun.VariantRun;
import io.github.istiocoredns.e2e.variantrun.VariantSelection;
import io.github.istiocoredns.e2e.variantrun.WorkloadState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Node tier: the cluster tier's variants on the local node (scripts/local-node), a real single-node Kubernetes built on
 * this machine, without Istio. Real pods, Services, kube-proxy, a k3s-shaped kube-dns (manifests/node/kube-dns.yaml) and
 * the variant's istiocoredns with its real CoreDNS image; the plugin is the stand-in, reached through a relay in the
 * plugin's place ({@link PluginRelay}) and fed the cluster's ServiceEntries ({@link ServiceEntryFeed}). The cluster is
 * reached as an existing cluster through its kubeconfig ({@link ExistingCluster}), so that path runs for real.
 *
 * <p>What it cannot show: Envoy's routing ({@link NodeExpectation}), agent DNS capture, and images no one can build here
 * (the article's own fruits-api image): such variants are skipped with the reason. Variants: all the cluster tier runs,
 * or the ids in {@value #VARIANTS_PROPERTY}. Matrix: target/conformance/node-matrix.md and .json.
 */
@Tag("node")
class NodeTierIT {

    static final String VARIANTS_PROPERTY = "conformance.node.variants";
    /** The node's service range (default the article's 10.96.0.0/12); k3s's 10.43.0.0/16 makes the variants adapt. */
    static final String SERVICE_CIDR_PROPERTY = "conformance.node.serviceCidr";
    private static final String REPORT_DIRECTORY = "e2e-tests/target/conformance";
    private static final String NODE_DIRECTORY = "e2e-tests/target/local-node";
    private static final String FRUITS_TARBALL = "fruits-api/target/jib-image.tar";
    private static final Duration KUBE_DNS_BOUND = Duration.ofMinutes(3);

    private static final DiagnosticsWriter DIAGNOSTICS = new DiagnosticsWriter();
    private static final PhaseLog PHASES = new PhaseLog(System.out::println);
    private static VariantCatalog catalog;
    private static VariantSetup setup;
    private static List<Variant> variants;
    private static Optional<String> missing = Optional.empty();
    private static String startFailure;
    private static NodeImages images;
    private static LocalNode node;
    private static ExistingCluster cluster;
    private static StandInPluginServer standIn;
    private static ServiceEntryFeed feed;
    private static PluginRelay relay;
    private static MeshClient restoreProbe;
    private static ProgressiveReport report;
    private static Optional<Deadline> deadline = Optional.empty();

    @BeforeAll
    static void prepare() {
        deadline = Deadline.fromSystemProperties(Instant.now());
        catalog = VariantCatalog.load();
        setup = new VariantSetup(catalog);
        variants = VariantSelection.selected(catalog.variants().stream().filter(VariantSelection::runsInCluster).toList(), VARIANTS_PROPERTY);
        report = new ProgressiveReport("node", "node-matrix", catalog.resolve(REPORT_DIRECTORY), variants, NodeExpectation::of, PHASES);
        report.write();
        missing = LocalNode.missing(catalog.projectRoot());
        if (missing.isPresent()) {
            System.out.println(TierPrerequisite.reason(Tier.NODE, missing.get()));
            return;
        }
        try {
            start();
        } catch (RuntimeException | AssertionError e) {
            startFailure = e.toString();
        }
    }

    private static void start() {
        Path root = catalog.projectRoot();
        String serviceCidr = System.getProperty(SERVICE_CIDR_PROPERTY, "");
        node = PHASES.time("local node start" + (serviceCidr.isBlank() ? "" : " (service range " + serviceCidr + ")"),
                () -> LocalNode.start(root, root.resolve(NODE_DIRECTORY), serviceCidr, PHASES::log));
        ManifestSet kubeDns = setup.loader().load(List.of(catalog.resolve(catalog.platform().localNode().kubeDns())));
        String relayImage = kubeDns.all(Deployment.class).findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        images = PHASES.time("image plan", () -> NodeImages.plan(neededImages(relayImage, kubeDns), Map.of(oursFruitsImage(), root.resolve(FRUITS_TARBALL)),
                image -> ImagePresence.resolved(image).asCanonicalNameString(), ImagePresence::presentLocally));
        images.missing().forEach((image, why) -> PHASES.log("[node] image " + image + " cannot be had: " + why));
        PHASES.time("image import (" + images.sources().size() + " images)", () -> node.importImages(images.sources()));
        PHASES.time("kube-dns (" + catalog.platform().localNode().kubeDns() + ")", () -> startKubeDns(kubeDns));
        cluster = PHASES.time("connect as an existing cluster", () -> ExistingCluster.connect(node.environment().kubeconfig()));
        cluster.announce(VariantSelection.namespaces(setup, variants), PHASES::log);
        var istio = catalog.platform().istio();
        PHASES.time("Istio CRDs", () -> new IstioCrds(istio.version(), istio.helmRepository(), IstioCrds.defaultCacheRoot(), false).install(cluster.client()));
        standIn = new StandInPluginServer(gateway()).start();
        feed = ServiceEntryFeed.start(cluster.client(), standIn);
        relay = new PluginRelay(relayImage, standIn.hostAndPort());
        restoreProbe = PHASES.time("restore probe pod", () -> RestoreProbe.start(cluster,
                RestoreProbe.clientImage(setup, variants)));
        PHASES.time("cluster DNS answers " + RestoreProbe.KNOWN_NAME + " and NXDOMAIN for the stub name", () -> RestoreProbe.requireClusterDns(cluster, restoreProbe));
    }

    private static InetAddress gateway() {
        try {
            return InetAddress.getByName(node.environment().podGateway());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("pod gateway " + node.environment().podGateway() + " is no address", e);
        }
    }

    /** Every image the selected variants (with the relay), kube-dns and the restore probe use. */
    private static List<String> neededImages(String relayImage, ManifestSet kubeDns) {
        // Rendered: the variant's CoreDNS image replaces the manifest's; the address is irrelevant to images.
        Stream<ManifestSet> sets = Stream.concat(Stream.of(kubeDns), variants.stream().map(v -> setup.render(v, "192.0.2.53")));
        Set<String> all = new LinkedHashSet<>();
        all.add(relayImage);
        sets.forEach(set -> all.addAll(imagesOf(set)));
        return List.copyOf(all);
    }

    private static List<String> imagesOf(ManifestSet set) {
        return set.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(c -> !PluginRelay.PLUGIN_CONTAINER.equals(c.getName())).map(c -> c.getImage()).distinct().toList();
    }

    /** Our fruits-api image as the manifests name it: it comes from this build's Jib tarball, never from Docker's cache. */
    private static String oursFruitsImage() {
        return catalog.variants().stream().flatMap(v -> setup.manifests(v).all(Deployment.class))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).map(c -> c.getImage())
                .filter(i -> i.startsWith(ClusterImages.LOCAL_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no manifest names an image under " + ClusterImages.LOCAL_PREFIX + " (our fruits-api)"));
    }

    /** Before the suite connects: connecting asks whether the cluster has kube-dns. */
    private static void startKubeDns(ManifestSet kubeDns) {
        try (KubernetesClient client = node.newClient()) {
            for (HasMetadata object : kubeDns.objects().stream().map(o -> o.object()).toList()) {
                if (object instanceof Service service) {
                    // The manifest says the article's 10.96.0.10; the node may have another range.
                    service.getSpec().setClusterIP(node.environment().clusterDns());
                }
                client.resource(object).serverSideApply();
            }
            new Eventually(KUBE_DNS_BOUND).withPollInterval(Duration.ofSeconds(2)).until("kube-dns runs on the local node (a ready pod)",
                    () -> client.pods().inNamespace(KubeDns.NAMESPACE).withLabel(KubeDns.LABEL, KubeDns.LABEL_VALUE).list().getItems(),
                    pods -> pods.stream().anyMatch(WorkloadState::ready));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVariantOnTheLocalNode() {
        return variants.stream().map(variant -> DynamicTest.dynamicTest(variant.id(), () -> runVariant(variant)));
    }

    private static void runVariant(Variant variant) {
        try {
            runVariantReported(variant);
        } finally {
            report.write();
        }
    }

    private static void runVariantReported(Variant variant) {
        VariantRun run = new VariantRun(catalog, cluster, restoreProbe, PHASES, report.rows(), TestFruits.answers(), NodeExpectation::of, false, image -> Optional.empty(),
                adaptation(), relay == null || variant.istiocoredns() == null ? null : relay.description(), NodeTierIT::diagnose);
        if (missing.isPresent()) {
            run.notObserved(variant, "not observed: tier skipped", TierPrerequisite.reason(Tier.NODE, missing.get()));
        }
        TierPrerequisite.check(Tier.NODE, missing);
        if (startFailure != null) {
            run.notObserved(variant, "not observed: the node tier's setup failed", startFailure);
            fail("node tier setup failed: " + startFailure);
        }
        Optional<String> late = deadline.flatMap(d -> d.passed(Instant.now()));
        if (late.isPresent()) {
            run.notObserved(variant, "not observed: deadline", late.get());
            TierPrerequisite.check(Tier.NODE, late);
        }
        Optional<String> cannot = cannotRunHere(variant);
        if (cannot.isPresent()) {
            run.notObserved(variant, "not observed: not possible on the local node", cannot.get());
            Assumptions.abort(cannot.get());
        }
        run.run(variant);
    }

    private static UnaryOperator<ManifestSet> adaptation() {
        return set -> relay.adapt(set, setup.loader().binding());
    }

    /**
     * Agent DNS capture needs Istio's agent; an image no one could provide cannot start (unless the variant expects its
     * objects to be refused, which happens before any image is needed).
     */
    private static Optional<String> cannotRunHere(Variant variant) {
        if (variant.istioDns() == IstioDnsMode.AGENT_DNS_CAPTURE) {
            return Optional.of("variant " + variant.id() + " relies on Istio's agent (DNS capture), which the local node does not run");
        }
        if (NodeExpectation.of(variant.expected().cluster()).outcome() == ClusterOutcome.APPLY_REJECTED) {
            return Optional.empty();
        }
        List<String> absent = imagesOf(new VariantScenario(catalog, variant, cluster).objects()).stream()
                .filter(image -> !images.sources().containsKey(image)).toList();
        if (!absent.isEmpty()) {
            return Optional.of("variant " + variant.id() + " needs " + absent.stream()
                    .map(i -> i + " (" + images.missing().getOrDefault(i, "not planned for import") + ")").toList()
                    + ": no registry here, and the local node pulls nothing");
        }
        return Optional.empty();
    }

    private static void diagnose(String reason) {
        List<String> namespaces = Stream.concat(Stream.of("kube-system", "istio-system"),
                VariantSelection.namespaces(setup, variants).stream()).distinct().toList();
        try {
            DIAGNOSTICS.writeOnce(new KubernetesDiagnosticsSource(cluster.client(), List.of("mesh-client")), namespaces,
                    catalog.resolve(REPORT_DIRECTORY).resolve("node"), reason);
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
            closeAll();
        }
    }

    private static void closeAll() {
        List<AutoCloseable> parts = new ArrayList<>();
        Optional.ofNullable(feed).ifPresent(parts::add);
        Optional.ofNullable(standIn).ifPresent(parts::add);
        Optional.ofNullable(cluster).ifPresent(parts::add);
        Optional.ofNullable(node).ifPresent(parts::add);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("node tier: closing " + part + " failed: " + e);
            }
        }
    }
}
