package io.github.istiocoredns.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class IstioReadinessTest {

    private static final String PROBE_PODS = "/api/v1/namespaces/" + IstioReadiness.PROBE_NAMESPACE + "/pods?dryRun=All";

    KubernetesMockServer server;
    KubernetesClient client;

    private void istiodAvailableAndWebhookRegistered() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/istio-system/deployments/istiod")
                .andReturn(200, new DeploymentBuilder().withNewMetadata().withName("istiod").endMetadata().withNewStatus()
                        .withAvailableReplicas(1).endStatus().build()).always();
        server.expect().get().withPath("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-sidecar-injector")
                .andReturn(200, new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector").endMetadata().build())
                .always();
        server.expect().patch().withPath("/api/v1/namespaces/" + IstioReadiness.PROBE_NAMESPACE + "?fieldManager=fabric8")
                .andReturn(200, new NamespaceBuilder().withNewMetadata().withName(IstioReadiness.PROBE_NAMESPACE).endMetadata().build()).always();
        server.expect().delete().withPath("/api/v1/namespaces/" + IstioReadiness.PROBE_NAMESPACE)
                .andReturn(200, new NamespaceBuilder().withNewMetadata().withName(IstioReadiness.PROBE_NAMESPACE).endMetadata().build()).always();
    }

    @Test
    void readyOnceADryRunPodComesBackWithTheProxy() throws Exception {
        istiodAvailableAndWebhookRegistered();
        server.expect().post().withPath(PROBE_PODS).andReturn(201, new PodBuilder().withNewMetadata().withName("injector-probe").endMetadata()
                .withNewSpec().addNewContainer().withName("probe").endContainer().addNewContainer().withName("istio-proxy").endContainer()
                .endSpec().build()).always();

        new IstioReadiness(client, Duration.ofSeconds(10), "example/probe:1").await();

        assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(5);
        boolean namespaceDeleted = false;
        for (int i = 0; i < server.getRequestCount(); i++) {
            var request = server.takeRequest();
            namespaceDeleted |= request.getMethod().equals("DELETE") && request.getPath().endsWith(IstioReadiness.PROBE_NAMESPACE);
        }
        assertThat(namespaceDeleted).as("the probe namespace is deleted again").isTrue();
    }

    @Test
    void aPodWithoutTheProxyTimesOutNamingWhatCameBack() {
        istiodAvailableAndWebhookRegistered();
        server.expect().post().withPath(PROBE_PODS).andReturn(201, new PodBuilder().withNewMetadata().withName("injector-probe").endMetadata()
                .withNewSpec().addNewContainer().withName("probe").endContainer().endSpec().build()).always();

        assertThatThrownBy(() -> new IstioReadiness(client, Duration.ofSeconds(3), "example/probe:1").await())
                .hasMessageContaining("gets container istio-proxy from the injector").hasMessageContaining("last observation: [probe]");
    }

    @Test
    void aWaitingIstiodPodIsDescribedByItsReasonImageAndMessage() {
        io.fabric8.kubernetes.api.model.Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("istiod-abc")
                .endMetadata().withNewStatus().withPhase("Pending").addNewContainerStatus().withName("discovery").withImage("docker.io/istio/pilot:1.30.5")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image\n\"docker.io/istio/pilot:1.30.5\"")
                .endWaiting().endState().endContainerStatus().endStatus().build();

        assertThat(IstioReadiness.waitingReason(pod))
                .isEqualTo("pod istiod-abc: ImagePullBackOff (image docker.io/istio/pilot:1.30.5): Back-off pulling image \"docker.io/istio/pilot:1.30.5\"");
    }

    @Test
    void aPodWithoutContainerStatusesIsDescribedByItsPhase() {
        io.fabric8.kubernetes.api.model.Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("istiod-abc")
                .endMetadata().withNewStatus().withPhase("Pending").endStatus().build();

        assertThat(IstioReadiness.waitingReason(pod)).isEqualTo("pod istiod-abc: Pending");
    }
}
