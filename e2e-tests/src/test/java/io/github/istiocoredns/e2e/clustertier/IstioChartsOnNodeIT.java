package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.mesh.IstioInstaller;
import io.github.istiocoredns.e2e.mesh.IstioReadiness;
import io.github.istiocoredns.e2e.mesh.SidecarInjection;
import io.github.istiocoredns.e2e.node.LocalNode;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Istio's install as the cluster tier does it (IstioInstaller: helm-java, charts base then istiod, the suite's
 * istiod-values.yaml), run for real against the local node. The charts are a snapshot of istio.io/istio's master
 * (scripts/lib/istio-charts.sh: the release charts cannot be had here), served from a Helm repository on loopback.
 * Checked: both releases deploy, base brings the CRDs, and the values land where Istio reads them (mesh config,
 * istiod's resources, no autoscaler, the injector webhook the tier waits for). istiod's image cannot be pulled here,
 * so Istio never runs: the tier's readiness wait must then time out naming the pull failure; the rest stays with the
 * cluster tier.
 */
@Tag("node")
class IstioChartsOnNodeIT {

    private static final String NODE_DIRECTORY = "e2e-tests/target/local-node";
    /** The kubelet reports a failed pull within seconds when no registry answers. */
    private static final Duration READINESS_BOUND = Duration.ofSeconds(45);

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

    /** The directory scripts/lib/istio-charts.sh fills (it names the snapshot), if it holds both charts. */
    private static Optional<Path> chartsDirectory(Path root) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("bash", root.resolve("scripts/lib/istio-charts.sh").toString(), "--print-dir")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            Path directory = Path.of(out);
            return Files.isRegularFile(directory.resolve("base/Chart.yaml")) && Files.isRegularFile(directory.resolve("istiod/Chart.yaml"))
                    ? Optional.of(directory) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
