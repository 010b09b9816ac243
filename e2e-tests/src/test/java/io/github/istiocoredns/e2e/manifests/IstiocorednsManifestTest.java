package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The re-created istiocoredns add-on matches what Istio's chart deployed (FACTS section 2). */
class IstiocorednsManifestTest {

    private final StrictManifestLoader loader = new StrictManifestLoader(TestProject.root());
    private final ManifestSet addOn = loader.load(List.of(TestProject.file("manifests/istiocoredns/istiocoredns.yaml")));
    private final Deployment deployment = IstiocorednsRenderer.deployment(addOn);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    @Test
    void coreDnsContainerReadsItsCorefileAndServesDnsAndHealth() {
        Container coredns = container("coredns");

        assertThat(coredns.getArgs()).containsExactly("-conf", "/etc/coredns/Corefile");
        assertThat(coredns.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(53, "UDP"),
                        org.assertj.core.groups.Tuple.tuple(53, "TCP"),
                        org.assertj.core.groups.Tuple.tuple(9153, "TCP"));
        assertThat(coredns.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(coredns.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void pluginContainerRunsTheIstioImageOnPort8053() {
        Container plugin = container("istio-coredns-plugin");

        assertThat(plugin.getImage()).isEqualTo("istio/coredns-plugin:0.2-istio-1.1");
        assertThat(plugin.getCommand()).containsExactly("/usr/local/bin/plugin");
        assertThat(plugin.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(8053);
    }

    @Test
    void podIsNotMeshedAndResolvesUpstreamThroughTheNode() {
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("sidecar.istio.io/inject", "false");
        assertThat(pod.getDnsPolicy()).isEqualTo("Default");
        assertThat(pod.getServiceAccountName()).isEqualTo("istiocoredns-service-account");
    }

    @Test
    void everyContainerRunsRestricted() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSecurityContext().getSysctls()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("net.ipv4.ip_unprivileged_port_start"));
        for (Container container : pod.getContainers()) {
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(container.getName()).isSubsetOf("NET_BIND_SERVICE");
        }
    }

    @Test
    void serviceExposesDnsOverUdpAndTcp() {
        Service service = addOn.all(Service.class).findFirst().orElseThrow();

        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "/" + p.getProtocol())
                .containsExactlyInAnyOrder("53/UDP", "53/TCP");
    }

    @Test
    void defaultCorefileIsTheCorrectedOne() {
        assertThat(IstiocorednsRenderer.corefile(addOn))
                .isEqualTo(TestProject.read("manifests/coredns/istiocoredns/corrected.Corefile"));
    }

    @Test
    void addOnIsConsistent() {
        assertThat(new CrossObjectChecks(Cidr.parse("10.96.0.0/12"), loader.binding()).check(addOn)).isEmpty();
    }

    @Test
    void rendererChangesExactlyTheImageAndTheCorefile() {
        String corefile = TestProject.read("manifests/coredns/istiocoredns/article-lt-1.4.0.Corefile");

        ManifestSet rendered = IstiocorednsRenderer.render(addOn, corefile, "coredns/coredns:1.1.2", loader.binding());

        assertThat(IstiocorednsRenderer.corefile(rendered)).isEqualTo(corefile);
        assertThat(IstiocorednsRenderer.container(IstiocorednsRenderer.deployment(rendered)).getImage())
                .isEqualTo("coredns/coredns:1.1.2");
        assertThat(differences(addOn, rendered)).extracting(d -> d.path().toString())
                .containsExactlyInAnyOrder("spec.template.spec.containers[0].image", "data.Corefile");
    }

    private List<TreeDifference> differences(ManifestSet before, ManifestSet after) {
        List<TreeDifference> all = new java.util.ArrayList<>();
        for (int i = 0; i < before.objects().size(); i++) {
            JsonNode left = loader.binding().mapper().valueToTree(before.objects().get(i).object());
            JsonNode right = loader.binding().mapper().valueToTree(after.objects().get(i).object());
            all.addAll(TreeDiff.between(left, right));
        }
        return all;
    }

    private Container container(String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }
}
