package io.github.istiocoredns.e2e.nodetier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.marcnuri.helm.Release;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.manifests.ProxyConfigValues;
import io.github.istiocoredns.e2e.manifests.YamlDocumentReader;
import io.github.istiocoredns.e2e.mesh.ChartRepositoryOnLoopback;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.mesh.IstioInstaller;
import io.github.istiocoredns.e2e.mesh.IstioReadiness;
import io.github.istiocoredns.e2e.mesh.IstiodXds;
import io.github.istiocoredns.e2e.mesh.SidecarInjection;
import io.github.istiocoredns.e2e.node.LocalNode;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Istio's install as the cluster tier does it (IstioInstaller: helm-java, charts base then istiod, the suite's
 * istiod-values.yaml), run for real against the local node. The charts are a snapshot of istio.io/istio's master
 * (scripts/lib/istio-charts.sh: the release charts cannot be had here), served from a Helm repository on loopback.
 * <ul>
 * <li>With Istio's own images, which cannot be pulled here: both releases deploy, base brings the CRDs, the values land
 * where Istio reads them, and the tier's readiness wait times out naming the pull failure (an air-gapped cluster).</li>
 * <li>With istiod built from the same snapshot (scripts/lib/istiod.sh, given as a mirror hub as -Distio.hub would):
 * the tier's readiness wait passes because the injector answers; istiod's validation webhook admits the article's
 * ServiceEntry as published and denies an invalid one; the injector gives the project's meshed clients the sidecar
 * with the DNS-capture setting each variant relies on; asked over xDS, istiod shows the routes and the DNS name table it
 * would give a sidecar for each ServiceEntry and outbound policy. No Envoy runs (its image cannot be built here).</li>
 * </ul>
 */
@Tag("node")
class IstioChartsOnNodeIT {

    private static final String NODE_DIRECTORY = "e2e-tests/target/local-node";
    /** The kubelet reports a failed pull within seconds when no registry answers. */
    private static final Duration READINESS_BOUND = Duration.ofSeconds(45);
    /** istiod starting on the node: its CA, its webhook certificate, the informers' first sync. */
    private static final Duration ISTIOD_READY_BOUND = Duration.ofMinutes(3);
    private static final String MESH_CLIENT_NAMESPACE = "manifests/istio/client-namespace.yaml";
    private static final String ARTICLE_SERVICE_ENTRY = "manifests/article/fruits-api-se.yml";
    /** Istio's name for the outbound cluster of port 80 of host my-fruits.internal. */
    private static final String OWN_CLUSTER = "outbound|80||my-fruits.internal";
    /** Every manifest file of the catalog's variants that holds Istio objects. */
    private static final List<String> ISTIO_OBJECT_FILES = List.of("manifests/article/fruits-api-svc.yaml", ARTICLE_SERVICE_ENTRY,
            "manifests/fruits-api/fruits-api-svc.yaml", "manifests/fruits-api/fruits-api-se.yml",
            "manifests/fruits-api/fruits-api-se-with-ports.yaml", "manifests/istio/sidecar-registry-only.yaml");

    @Test
    void istiosChartsInstallWithTheSuitesValues() throws Exception {
        VariantCatalog catalog = VariantCatalog.load();
        Path root = catalog.projectRoot();
        Optional<Path> charts = chartsDirectory(root);
        Optional<String> missing = LocalNode.missing(root).or(() -> charts.isPresent() ? Optional.empty()
                : Optional.of("Istio's charts: scripts/offline-images istio-charts"));
        TierPrerequisite.check(Tier.NODE, missing);
        String version = charts.orElseThrow().getFileName().toString().replaceFirst("^v", "");
        Path values = catalog.resolve(catalog.platform().istio().istiodValues());
        try (LocalNode node = LocalNode.start(root, root.resolve(NODE_DIRECTORY), System.out::println);
                ChartRepositoryOnLoopback repository = ChartRepositoryOnLoopback.serve(
                        List.of(charts.get().resolve("base"), charts.get().resolve("istiod")), version);
                KubernetesClient client = node.newClient()) {
            IstioInstallPlan plan = new IstioInstallPlan(repository.uri(), version, values, null);

            List<Release> releases = new IstioInstaller(node.environment().kubeconfig(), root.resolve("e2e-tests/target/helm-node"),
                    System.out::println).install(plan);

            assertThat(releases).extracting(Release::getName).containsExactly("istio-base", "istiod");
            assertThat(releases).extracting(Release::getStatus).containsOnly("deployed");
            assertThat(client.apiextensions().v1().customResourceDefinitions().withName("serviceentries.networking.istio.io").get())
                    .as("the base chart's CRDs").isNotNull();
            ConfigMap mesh = client.configMaps().inNamespace(IstioInstallPlan.NAMESPACE).withName("istio").get();
            assertThat(mesh).as("ConfigMap istio-system/istio (the mesh config istiod reads)").isNotNull();
            assertThat(mesh.getData().get("mesh")).contains("mode: ALLOW_ANY").contains("ISTIO_META_DNS_CAPTURE: \"false\"");
            Deployment istiod = client.apps().deployments().inNamespace(IstioInstallPlan.NAMESPACE).withName("istiod").get();
            assertThat(istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests())
                    .hasEntrySatisfying("cpu", q -> assertThat(q.toString()).isEqualTo("100m"))
                    .hasEntrySatisfying("memory", q -> assertThat(q.toString()).isEqualTo("256Mi"));
            assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(IstioInstallPlan.NAMESPACE).list().getItems())
                    .as("autoscaleEnabled: false").isEmpty();
            assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(SidecarInjection.INJECTOR_WEBHOOK).get())
                    .as("the injector webhook the cluster tier waits for").isNotNull();

            // A cluster that cannot pull istiod (as here: an air gap, a private registry): the tier's wait must say so.
            ConditionNotMetError timeout = catchThrowableOfType(ConditionNotMetError.class,
                    () -> new IstioReadiness(client, READINESS_BOUND, "probe:1").await());
            assertThat(timeout).as("istiod cannot start here, so the wait for it must time out").isNotNull();
            // The values' hub wins over the chart's default (1.30: registry.istio.io/release; this snapshot: registry.istio.io/testing).
            String pilot = istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertThat(pilot).as("istiod's image (values: hub)").startsWith(IstioInstallPlan.DEFAULT_HUB + "/pilot:");
            ConfigMap injector = client.configMaps().inNamespace(IstioInstallPlan.NAMESPACE).withName("istio-sidecar-injector").get();
            assertThat(injector.getData().get("values")).as("the injector's values, where the sidecar's image comes from (values: global.hub)")
                    .containsPattern("\"hub\":\\s*\"" + IstioInstallPlan.DEFAULT_HUB + "\"");
            assertThat(timeout.getMessage()).contains("istiod has an available replica", "(image " + pilot + ")")
                    .containsAnyOf("ErrImagePull", "ImagePullBackOff");
        }
    }

    @Test
    void istiodBuiltFromTheSnapshotValidatesInjectsAndConfiguresSidecars() throws Exception {
        VariantCatalog catalog = VariantCatalog.load();
        Path root = catalog.projectRoot();
        Optional<Path> charts = chartsDirectory(root);
        String istiodImage = scriptOutput(root, "scripts/lib/istiod.sh", "--print-image").orElse("(scripts/lib/istiod.sh --print-image failed)");
        Optional<String> missing = LocalNode.missing(root)
                .or(() -> charts.isPresent() ? Optional.empty() : Optional.of("Istio's charts: scripts/offline-images istio-charts"))
                .or(() -> ImagePresence.presentLocally(istiodImage) ? Optional.empty()
                        : Optional.of("istiod built from source, image " + istiodImage + ": scripts/offline-images istiod"));
        TierPrerequisite.check(Tier.NODE, missing);
        String version = charts.orElseThrow().getFileName().toString().replaceFirst("^v", "");
        String hub = istiodImage.substring(0, istiodImage.lastIndexOf("/pilot:"));
        String tag = istiodImage.substring(istiodImage.lastIndexOf(':') + 1);
        Path values = catalog.resolve(catalog.platform().istio().istiodValues());
        try (LocalNode node = LocalNode.start(root, root.resolve(NODE_DIRECTORY), System.out::println);
                ChartRepositoryOnLoopback repository = ChartRepositoryOnLoopback.serve(
                        List.of(charts.get().resolve("base"), charts.get().resolve("istiod")), version);
                KubernetesClient client = node.newClient()) {
            node.importImages(Map.of(istiodImage, istiodImage));
            // As -Distio.hub would give a mirror; a snapshot's image has no release tag, so the tag is set too.
            IstioInstallPlan plan = new IstioInstallPlan(repository.uri(), version, values, hub)
                    .withIstiodSetting("tag", tag).withIstiodSetting("global.tag", tag);
            new IstioInstaller(node.environment().kubeconfig(), root.resolve("e2e-tests/target/helm-node"), System.out::println).install(plan);

            long waitStarted = System.nanoTime();
            new IstioReadiness(client, ISTIOD_READY_BOUND, "probe:1").await();
            System.out.printf("[istio] istiod %s available and its injector answers %d s after the install%n", istiodImage,
                    Duration.ofNanos(System.nanoTime() - waitStarted).toSeconds());

            validationAdmitsTheVariantsIstioObjectsAndRefusesAnInvalidOne(client, root);

            List<HasMetadata> namespace = client.load(Files.newInputStream(root.resolve(MESH_CLIENT_NAMESPACE))).items();
            client.resourceList(namespace).serverSideApply();
            try {
                String clientNamespace = namespace.get(0).getMetadata().getName();
                injectorGivesTheMeshedClientsTheirSidecar(clientNamespace, hub + "/proxyv2:" + tag, client, root);
                routesIstiodWouldGiveASidecarIn(clientNamespace, client, root);
            } finally {
                client.resourceList(namespace).delete();
            }
        }
    }

    /** istiod's validation webhook (dry runs): every Istio object the variants apply passes, a known-invalid one does not. */
    private static void validationAdmitsTheVariantsIstioObjectsAndRefusesAnInvalidOne(KubernetesClient client, Path root) {
        List<String> admitted = new ArrayList<>();
        for (String file : ISTIO_OBJECT_FILES) {
            for (GenericKubernetesResource object : istioObjects(root.resolve(file))) {
                // In one namespace that exists: istiod's validation does not depend on it.
                assertThat(client.resource(object).inNamespace("default").dryRun().create())
                        .as(file + ": " + object.getKind() + " " + object.getMetadata().getName() + " admitted by istiod's validation").isNotNull();
                admitted.add(file + " " + object.getKind() + "/" + object.getMetadata().getName());
            }
        }
        assertThat(admitted).as("the article's own ServiceEntry (no ports) is among them").contains(ARTICLE_SERVICE_ENTRY + " ServiceEntry/exotic-fruits-service-entry");
        System.out.println("[istio] admitted by istiod's validation webhook (dry run): " + admitted);
        GenericKubernetesResource article = istioObjects(root.resolve(ARTICLE_SERVICE_ENTRY)).get(0);
        GenericKubernetesResource invalid = new GenericKubernetesResourceBuilder(article)
                .addToAdditionalProperties("spec", withExportTo(article, List.of("*", "."))).build();
        KubernetesClientException denied = catchThrowableOfType(KubernetesClientException.class,
                () -> client.resource(invalid).inNamespace("default").dryRun().create());
        assertThat(denied).as("a ServiceEntry exported both to all namespaces and to its own is refused").isNotNull();
        assertThat(denied.getMessage()).as("refused by istiod's webhook, not by the CRD's schema").contains("validation.istio.io");
        System.out.println("[istio] the article's ServiceEntry admitted; exportTo [*, .] refused: " + denied.getStatus().getMessage());
    }

    /** Dry-run pods of the meshed clients get the sidecar, from the mirror, with the DNS-capture setting each relies on. */
    private static void injectorGivesTheMeshedClientsTheirSidecar(String clientNamespace, String proxyImage, KubernetesClient client, Path root)
            throws IOException {
        new Eventually(Duration.ofSeconds(60)).until("ServiceAccount " + clientNamespace + "/default exists",
                () -> client.serviceAccounts().inNamespace(clientNamespace).withName("default").get() != null, present -> present);
        Container plain = injectedProxy(client, root.resolve("manifests/istio/client.yaml"));
        Container capture = injectedProxy(client, root.resolve("manifests/istio/client-dns-capture.yaml"));

        assertThat(plain.getImage()).as("the sidecar's image (values: global.hub, global.tag)").isEqualTo(proxyImage);
        assertThat(environment(plain)).as("client.yaml: mesh-wide proxyMetadata (istiod-values.yaml)")
                .containsEntry(ProxyConfigValues.DNS_CAPTURE, "false");
        assertThat(environment(capture)).as("client-dns-capture.yaml: its proxy.istio.io/config annotation wins")
                .containsEntry(ProxyConfigValues.DNS_CAPTURE, "true");
        System.out.printf("[istio] injected %s: %s=%s (client.yaml), %s (client-dns-capture.yaml)%n", plain.getImage(),
                ProxyConfigValues.DNS_CAPTURE, environment(plain).get(ProxyConfigValues.DNS_CAPTURE), environment(capture).get(ProxyConfigValues.DNS_CAPTURE));
    }

    /**
     * What istiod would send a sidecar in the client namespace, asked over xDS (no Envoy runs here): the ServiceEntry
     * with ports gets an outbound cluster of its own (also under registry-only), the article's (no ports) none; TCP traffic
     * to an address no listener claims goes to PassthroughCluster under the mesh's ALLOW_ANY and to BlackHoleCluster under
     * the Sidecar registry-only. An agent that captures DNS has my-fruits.internal -> 10.103.1.1 in its name table with
     * either ServiceEntry. The configuration behind variants verbatim-service-entry-allow-any,
     * verbatim-service-entry-registry-only, with-ports-service-entry-registry-only and the two agent-dns-capture ones.
     */
    private static void routesIstiodWouldGiveASidecarIn(String clientNamespace, KubernetesClient client, Path root) {
        Pod istiod = client.pods().inNamespace(IstioInstallPlan.NAMESPACE).withLabel("app", "istiod").list().getItems().get(0);
        IstiodXds.Proxy proxy = new IstiodXds.Proxy("10.244.0.250", "xds-probe", clientNamespace, Map.of("app", "xds-probe"));
        GenericKubernetesResource withPorts = istioObjects(root.resolve("manifests/fruits-api/fruits-api-se-with-ports.yaml")).get(0);
        GenericKubernetesResource verbatim = istioObjects(root.resolve(ARTICLE_SERVICE_ENTRY)).get(0);
        GenericKubernetesResource registryOnly = istioObjects(root.resolve("manifests/istio/sidecar-registry-only.yaml")).get(0);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(withPorts.getMetadata().getNamespace()).endMetadata().build())
                .serverSideApply();
        Eventually eventually = new Eventually(Duration.ofSeconds(60)).withPollInterval(Duration.ofSeconds(2));
        try (IstiodXds xds = IstiodXds.connect(istiod.getStatus().getPodIP(), IstiodXds.PLAINTEXT_PORT, Duration.ofSeconds(20))) {
            client.resource(withPorts).forceConflicts().serverSideApply();
            var own = eventually.until("istiod gives a sidecar in " + clientNamespace + " cluster " + OWN_CLUSTER + " (ServiceEntry with ports)",
                    () -> clusterNames(xds, proxy), names -> names.contains(OWN_CLUSTER));
            var namesWithPorts = eventually.until("a DNS-capturing agent's name table has my-fruits.internal -> 10.103.1.1 (ServiceEntry with ports)",
                    () -> xds.nameTable(proxy.withDnsCapture()), table -> List.of("10.103.1.1").equals(table.get("my-fruits.internal")));
            // Same name, the ports left out: server-side apply drops them. Gone after being there, so istiod saw the change.
            client.resource(verbatim).forceConflicts().serverSideApply();
            var none = eventually.until("istiod gives no cluster for my-fruits.internal (the article's ServiceEntry, no ports)",
                    () -> clusterNames(xds, proxy), names -> names.stream().noneMatch(name -> name.contains("my-fruits.internal")));
            // After the change was seen (its cluster is gone): the agent still answers the name from the SE's addresses.
            Map<String, List<String>> namesVerbatim = xds.nameTable(proxy.withDnsCapture());
            assertThat(namesVerbatim).as("a DNS-capturing agent's name table, the article's ServiceEntry (no ports)")
                    .containsEntry("my-fruits.internal", List.of("10.103.1.1"));
            System.out.println("[istio] name table of a DNS-capturing agent: with ports " + namesWithPorts.value()
                    + "; the article's ServiceEntry " + namesVerbatim);
            var allowAny = eventually.until("chain " + IstiodXds.CATCH_ALL_CHAIN + " goes to PassthroughCluster (ALLOW_ANY)",
                    () -> IstiodXds.catchAllChains(xds.listeners(proxy)), chains -> "PassthroughCluster".equals(chains.get(IstiodXds.CATCH_ALL_CHAIN)));
            client.resource(registryOnly).serverSideApply();
            var blackHole = eventually.until("chain " + IstiodXds.CATCH_ALL_CHAIN + " goes to BlackHoleCluster (Sidecar registry-only)",
                    () -> IstiodXds.catchAllChains(xds.listeners(proxy)), chains -> "BlackHoleCluster".equals(chains.get(IstiodXds.CATCH_ALL_CHAIN)));
            // Under registry-only a ServiceEntry with ports still has its own cluster: that route does not need the fallback.
            client.resource(withPorts).forceConflicts().serverSideApply();
            var ownUnderRegistryOnly = eventually.until("istiod gives " + OWN_CLUSTER + " again under the Sidecar registry-only",
                    () -> clusterNames(xds, proxy), names -> names.contains(OWN_CLUSTER));
            System.out.printf("[istio] xDS for a sidecar in %s: with ports %s after %d s; the article's ServiceEntry: no my-fruits.internal"
                            + " cluster after %d s (%d clusters); fallback %s, with the Sidecar registry-only %s after %d s;"
                            + " with ports under registry-only %s again after %d s%n",
                    clientNamespace, OWN_CLUSTER, own.after().toSeconds(), none.after().toSeconds(), none.value().size(),
                    allowAny.value(), blackHole.value(), blackHole.after().toSeconds(), OWN_CLUSTER, ownUnderRegistryOnly.after().toSeconds());
        } finally {
            client.resource(verbatim).delete();
            client.resource(registryOnly).delete();
        }
    }

    private static List<String> clusterNames(IstiodXds xds, IstiodXds.Proxy proxy) {
        return xds.clusters(proxy).stream().map(Cluster::getName).toList();
    }

    /** The networking.istio.io objects of a manifest file, in file order. */
    private static List<GenericKubernetesResource> istioObjects(Path file) {
        List<GenericKubernetesResource> objects = YamlDocumentReader.read(file, file.toString()).stream()
                .filter(document -> document.tree().path("apiVersion").asText().startsWith("networking.istio.io/"))
                .map(document -> Serialization.jsonMapper().convertValue(document.tree(), GenericKubernetesResource.class)).toList();
        assertThat(objects).as(file + ": its Istio objects").isNotEmpty();
        return objects;
    }

    private static Map<String, Object> withExportTo(GenericKubernetesResource entry, List<String> exportTo) {
        Map<String, Object> spec = new LinkedHashMap<>(entry.get("spec"));
        spec.put("exportTo", exportTo);
        return spec;
    }

    /** The istio-proxy container the injector gives a pod of this Deployment's template (a dry run: nothing runs). */
    private static Container injectedProxy(KubernetesClient client, Path deploymentFile) throws IOException {
        Deployment deployment = Serialization.unmarshal(Files.readString(deploymentFile), Deployment.class);
        Pod pod = new PodBuilder().withMetadata(deployment.getSpec().getTemplate().getMetadata()).editMetadata()
                .withName(deployment.getMetadata().getName() + "-injection-check").withNamespace(deployment.getMetadata().getNamespace())
                .endMetadata().withSpec(deployment.getSpec().getTemplate().getSpec()).build();
        Pod injected = client.resource(pod).dryRun().create();
        assertThat(SidecarInjection.names(injected)).as(deploymentFile.getFileName() + ": containers after injection")
                .contains(SidecarInjection.PROXY_CONTAINER);
        return Stream.concat(injected.getSpec().getInitContainers().stream(), injected.getSpec().getContainers().stream())
                .filter(c -> c.getName().equals(SidecarInjection.PROXY_CONTAINER)).findFirst().orElseThrow();
    }

    private static Map<String, String> environment(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> environment.put(e.getName(), e.getValue()));
        return environment;
    }

    /** The directory scripts/lib/istio-charts.sh fills (it names the snapshot), if it holds both charts. */
    static Optional<Path> chartsDirectory(Path root) throws InterruptedException {
        return scriptOutput(root, "scripts/lib/istio-charts.sh", "--print-dir").map(Path::of)
                .filter(directory -> Files.isRegularFile(directory.resolve("base/Chart.yaml")) && Files.isRegularFile(directory.resolve("istiod/Chart.yaml")));
    }

    /** What a script of this project prints for a --print-* option, if it ends well within 30 s. */
    static Optional<String> scriptOutput(Path root, String script, String option) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("bash", root.resolve(script).toString(), option).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
