package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Istio install values, the REGISTRY_ONLY Sidecar and the two meshed clients. */
class IstioManifestsTest {

    private static final String VALUES = "manifests/istio/istiod-values.yaml";

    private final StrictManifestLoader loader = new StrictManifestLoader(TestProject.root());
    private final CrossObjectChecks checks = new CrossObjectChecks(Cidr.parse("10.96.0.0/12"), loader.binding());

    @Test
    void dnsCaptureIsOffMeshWideAndTheDefaultPolicyIsAllowAny() {
        IstiodValues values = IstiodValues.load(TestProject.file(VALUES), VALUES, loader.binding());

        assertThat(values.meshConfig().defaultConfig().proxyMetadata()).containsEntry(ProxyConfigValues.DNS_CAPTURE, "false");
        assertThat(values.meshConfig().outboundTrafficPolicy().mode()).isEqualTo(IstiodValues.Mode.ALLOW_ANY);
    }

    @Test
    void aMisspeltValuesKeyFailsInsteadOfBeingIgnoredByHelm() {
        assertThatThrownBy(() -> IstiodValues.load(TestProject.resource("broken/istiod-values-misspelt.yaml"),
                "broken/istiod-values-misspelt.yaml", loader.binding()))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("broken/istiod-values-misspelt.yaml, document 1, line 2, column 3, field meshConfig.outboundTraficPolicy")
                .hasMessageContaining("unknown field 'outboundTraficPolicy'; known fields: accessLogEncoding, accessLogFile, defaultConfig, outboundTrafficPolicy");
    }

    @Test
    void aProxyMetadataValueMustBeAString() {
        assertThatThrownBy(() -> IstiodValues.load(TestProject.resource("broken/istiod-values-unquoted.yaml"),
                "broken/istiod-values-unquoted.yaml", loader.binding()))
                .hasMessageContaining("line 4")
                .hasMessageContaining("field meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE")
                .hasMessageContaining("value false is a boolean but the schema wants a string");
    }

    @Test
    void theNamespaceSidecarSwitchesTheClientsToRegistryOnly() {
        ManifestSet set = loader.load(List.of(TestProject.file("manifests/istio/client-namespace.yaml"),
                TestProject.file("manifests/istio/sidecar-registry-only.yaml")));

        LoadedObject sidecar = IstioObjects.sidecars(set).findFirst().orElseThrow();
        assertThat(IstioObjects.sidecar(sidecar.object()).get().getOutboundTrafficPolicy().getMode())
                .isEqualTo(OutboundTrafficPolicyMode.REGISTRY_ONLY);
        assertThat(IstioObjects.sidecar(sidecar.object()).get().getWorkloadSelector()).as("applies to the whole namespace").isNull();
        assertThat(sidecar.namespace()).isEqualTo("mesh-client");
    }

    @Test
    void onlyTheDnsCaptureClientSwitchesCaptureOn() {
        ManifestSet set = loader.load(List.of(TestProject.file("manifests/istio/client-namespace.yaml"),
                TestProject.file("manifests/istio/client.yaml"), TestProject.file("manifests/istio/client-dns-capture.yaml")));

        assertThat(checks.check(set)).isEmpty();
        assertThat(set.loaded(Deployment.class)).extracting(o -> o.name() + "=" + capture(o))
                .containsExactlyInAnyOrder("dns-client=false", "dns-client-capture=true");
    }

    @Test
    void clientsRunAPinnedImageWithDigAndCurl() {
        ManifestSet set = loader.load(List.of(TestProject.file("manifests/istio/client.yaml"),
                TestProject.file("manifests/istio/client-dns-capture.yaml")));

        assertThat(set.all(Deployment.class).map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()))
                .allMatch(image -> image.matches("nicolaka/netshoot:v\\d+\\.\\d+"), "nicolaka/netshoot at a pinned release tag");
    }

    private String capture(LoadedObject loaded) {
        String annotation = ((Deployment) loaded.object()).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("proxy.istio.io/config");
        return String.valueOf(annotation != null && checks.proxyConfig(loaded, annotation).dnsCapture());
    }
}
