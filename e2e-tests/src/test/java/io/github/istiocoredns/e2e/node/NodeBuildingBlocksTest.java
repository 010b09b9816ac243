package io.github.istiocoredns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.standin.StandInRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local node's pieces that need no node: image plan, plugin relay, node.env, kube-dns manifest. */
class NodeBuildingBlocksTest {

    private static final VariantCatalog CATALOG = VariantCatalog.load();
    private static final VariantSetup SETUP = new VariantSetup(CATALOG);

    @Test
    void imagesComeFromTheBuildsTarballThenTheMirrorThenTheirOwnName(@TempDir Path directory) throws IOException {
        Path tarball = Files.writeString(directory.resolve("jib-image.tar"), "tar");
        Set<String> docker = Set.of("mirror.local/coredns/coredns:1.14.7", "busybox:1.36");

        NodeImages plan = NodeImages.plan(List.of("localhost/fruits:1", "coredns/coredns:1.14.7", "busybox:1.36", "istio/coredns-plugin:0.2"),
                Map.of("localhost/fruits:1", tarball), image -> image.startsWith("localhost/") ? image : "mirror.local/" + image, docker::contains);

        assertThat(plan.sources()).containsOnly(Map.entry("localhost/fruits:1", tarball.toAbsolutePath().toString()),
                Map.entry("coredns/coredns:1.14.7", "mirror.local/coredns/coredns:1.14.7"), Map.entry("busybox:1.36", "busybox:1.36"));
        assertThat(plan.missing()).containsOnlyKeys("istio/coredns-plugin:0.2");
        assertThat(plan.missing().get("istio/coredns-plugin:0.2")).contains("mirror.local/istio/coredns-plugin:0.2", "istio/coredns-plugin:0.2");
        assertThat(plan.sourcesOf(List.of("busybox:1.36", "nope:1"))).containsOnlyKeys("busybox:1.36");
    }

    @Test
    void aMissingTarballIsNamedWhenNothingElseProvidesTheImage(@TempDir Path directory) {
        NodeImages plan = NodeImages.plan(List.of("localhost/fruits:1"), Map.of("localhost/fruits:1", directory.resolve("absent.tar")),
                image -> image, image -> false);

        assertThat(plan.sources()).isEmpty();
        assertThat(plan.missing().get("localhost/fruits:1")).contains("absent.tar");
    }

    @Test
    void theRelayTakesThePluginsPlaceAndNothingElseChanges() {
        ManifestSet original = SETUP.manifests(CATALOG.variant("corrected-corefile-on-coredns-1.14.7"));
        String corefileBefore = IstiocorednsRenderer.corefile(original);
        Container corednsBefore = IstiocorednsRenderer.container(IstiocorednsRenderer.deployment(original));

        ManifestSet adapted = new PluginRelay("coredns/coredns:1.14.7", "10.244.0.1:40000").adapt(original, SETUP.loader().binding());

        Deployment addOn = IstiocorednsRenderer.deployment(adapted);
        Container relay = addOn.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> PluginRelay.PLUGIN_CONTAINER.equals(c.getName())).findFirst().orElseThrow();
        assertThat(relay.getImage()).isEqualTo("coredns/coredns:1.14.7");
        assertThat(relay.getCommand()).isNullOrEmpty();
        assertThat(relay.getArgs()).containsExactly("-conf", "/etc/coredns/" + PluginRelay.RELAY_KEY);
        assertThat(IstiocorednsRenderer.container(addOn)).isEqualTo(corednsBefore);
        assertThat(IstiocorednsRenderer.corefile(adapted)).isEqualTo(corefileBefore);
        ConfigMap config = adapted.all(ConfigMap.class).filter(c -> c.getData().containsKey(PluginRelay.RELAY_KEY)).findFirst().orElseThrow();
        assertThat(config.getData().get(PluginRelay.RELAY_KEY)).isEqualTo(StandInRelay.corefile("10.244.0.1:40000"));
        assertThat(addOn.getSpec().getTemplate().getSpec().getVolumes().stream().flatMap(v -> v.getConfigMap() == null || v.getConfigMap().getItems() == null
                ? java.util.stream.Stream.empty() : v.getConfigMap().getItems().stream()).map(i -> i.getKey())).contains(PluginRelay.RELAY_KEY);
        assertThat(adapted.refs()).isEqualTo(original.refs());
        assertThat(IstiocorednsRenderer.deployment(original).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> PluginRelay.PLUGIN_CONTAINER.equals(c.getName())).findFirst().orElseThrow().getImage())
                .as("the original set is not changed").isEqualTo("istio/coredns-plugin:0.2-istio-1.1");
    }

    @Test
    void aVariantWithoutTheAddOnIsLeftAsItIs() {
        ManifestSet original = SETUP.manifests(CATALOG.variant("no-internal-dns-negative-control"));

        assertThat(new PluginRelay("coredns/coredns:1.14.7", "10.244.0.1:1").adapt(original, SETUP.loader().binding())).isSameAs(original);
    }

    @Test
    void nodeEnvironmentIsReadAndAMissingKeyIsNamed(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("node.env"), """
                KUBECONFIG=/tmp/node/kubeconfig
                NODE_NAME=istiocoredns-node
                NODE_IP=192.0.2.2
                SERVICE_CIDR=10.96.0.0/12
                CLUSTER_DNS=10.96.0.10
                POD_SUBNET=10.244.0.0/24
                POD_GATEWAY=10.244.0.1
                KUBERNETES_VERSION=1.35.8
                """);

        NodeEnvironment environment = NodeEnvironment.read(file);

        assertThat(environment.kubeconfig()).isEqualTo(Path.of("/tmp/node/kubeconfig"));
        assertThat(environment.serviceCidr().toString()).isEqualTo("10.96.0.0/12");
        assertThat(environment.podGateway()).isEqualTo("10.244.0.1");
        Path broken = directory.resolve("broken.env");
        assertThatThrownBy(() -> NodeEnvironment.read(Files.writeString(broken, "KUBECONFIG=/x\n")))
                .hasMessageContaining("NODE_NAME").hasMessageContaining(broken.toString());
    }

    @Test
    void theNodesKubeDnsCorefileIsTheApiServerTiersStandIn() {
        ManifestSet kubeDns = SETUP.loader().load(List.of(TestProject.file(CATALOG.platform().localNode().kubeDns())));
        String standIn = TestProject.readPath(TestProject.resource("io/github/istiocoredns/e2e/scenario/k3s-coredns-configmap.yaml"));
        ConfigMap node = kubeDns.all(ConfigMap.class).filter(c -> "coredns".equals(c.getMetadata().getName())).findFirst().orElseThrow();
        ConfigMap fixture = SETUP.loader().parse("fixture", standIn).stream().map(o -> (ConfigMap) o.object()).findFirst().orElseThrow();

        assertThat(node.getData().get("Corefile")).isEqualTo(fixture.getData().get("Corefile"));
        assertThat(kubeDns.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).map(Container::getImage))
                .as("the relay uses the same image, so the node needs one CoreDNS image for both").containsExactly("coredns/coredns:1.14.7");
    }
}
