package io.github.istiocoredns.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.istiocoredns.e2e.SystemProperties;
import io.github.istiocoredns.e2e.catalog.Platform.IstioPin;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.manifests.IstiodValues;
import io.github.istiocoredns.e2e.manifests.StrictManifestLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshBuildingBlocksTest {

    @Test
    void baseComesBeforeIstiodAndBothAtThePinnedVersionFromTheCatalogsRepository() {
        VariantCatalog catalog = VariantCatalog.load();
        IstioPin pin = catalog.platform().istio();

        // The e2e workflow passes -Distio.version (and may pass -Distio.hub), which Surefire hands to this JVM too.
        IstioInstallPlan plan = SystemProperties.with(IstioInstallPlan.VERSION_PROPERTY, null,
                () -> SystemProperties.with(IstioInstallPlan.HUB_PROPERTY, null, () -> IstioInstallPlan.of(pin, catalog.projectRoot())));
        List<ChartRelease> releases = plan.releases();

        assertThat(releases).extracting(ChartRelease::chart).containsExactly("istio/base", "istio/istiod");
        assertThat(releases).extracting(ChartRelease::version).containsOnly(pin.version());
        assertThat(releases).extracting(ChartRelease::namespace).containsOnly("istio-system");
        // Istio 1.31+ is not published to istio-release.storage.googleapis.com, which loses every chart in December 2026
        // (istio.io blog "An update on our move to AWS", 2026-08-21); blob.istio.io holds all versions.
        assertThat(plan.repository()).isEqualTo(URI.create("https://blob.istio.io/istio-release/charts"));
        assertThat(releases.get(0).valuesFiles()).isEmpty();
        assertThat(releases.get(1).valuesFiles()).containsExactly(catalog.resolve("manifests/istio/istiod-values.yaml"));
        assertThat(Files.isRegularFile(releases.get(1).valuesFiles().get(0))).isTrue();
    }

    @Test
    void helmCommandIsWhatAPersonWouldType() {
        IstioInstallPlan plan = new IstioInstallPlan(URI.create("https://example.invalid/charts"), "1.29.9", Path.of("v.yaml"), "mirror.local/istio");

        assertThat(plan.releases().get(1).helmCommand())
                .isEqualTo("helm install istiod istio/istiod -n istio-system --create-namespace --version 1.29.9 -f v.yaml"
                        + " --set global.hub=mirror.local/istio --set hub=mirror.local/istio");
        assertThat(plan.releases().get(0).helmCommand()).doesNotContain("global.hub");
        assertThat(plan.withIstiodSetting("tag", "0.0.0-dev").releases().get(1).helmCommand()).as("a build that is not a release names its tag")
                .endsWith(" --set global.hub=mirror.local/istio --set hub=mirror.local/istio --set tag=0.0.0-dev");
        assertThat(plan.withIstiodSetting("tag", "0.0.0-dev").releases().get(0).helmCommand()).doesNotContain("tag=");
        assertThat(plan.withOverlay(Path.of("o.yaml")).releases().get(1).helmCommand()).as("an overlay comes after the values file")
                .contains("-f v.yaml -f o.yaml");
    }

    @Test
    void valuesPinTheHubThatTheClusterTierPullsFrom() {
        VariantCatalog catalog = VariantCatalog.load();
        String file = catalog.platform().istio().istiodValues();
        IstiodValues values = IstiodValues.load(catalog.resolve(file), file, new StrictManifestLoader(catalog.projectRoot()).binding());

        assertThat(values.hub()).as("hub (istiod's image)").isEqualTo(IstioInstallPlan.DEFAULT_HUB);
        assertThat(values.global().hub()).as("global.hub (the sidecar's image)").isEqualTo(IstioInstallPlan.DEFAULT_HUB);
        assertThat(new IstioInstallPlan(URI.create("https://x"), "1.31.4", null, null).imageHub()).isEqualTo("docker.io/istio");
        assertThat(new IstioInstallPlan(URI.create("https://x"), "1.31.4", null, "mirror.local/istio").imageHub()).isEqualTo("mirror.local/istio");
    }

    @Test
    void versionPropertyMustBeARelease() {
        assertThatThrownBy(() -> new IstioInstallPlan(URI.create("https://x"), "latest", null, null))
                .hasMessageContaining("-Distio.version must be an Istio release such as 1.30.5, got 'latest'");
    }

    @Test
    void versionPropertyOverridesThePin() {
        VariantCatalog catalog = VariantCatalog.load();
        IstioInstallPlan plan = SystemProperties.with(IstioInstallPlan.VERSION_PROPERTY, "1.28.4",
                () -> IstioInstallPlan.of(catalog.platform().istio(), catalog.projectRoot()));

        assertThat(plan.version()).isEqualTo("1.28.4");
    }

    @Test
    void injectionIsSeenAsContainerOrNativeSidecar() {
        Pod plain = new PodBuilder().withNewSpec().addNewContainer().withName("probe").endContainer().endSpec().build();
        Pod classic = new PodBuilder().withNewSpec().addNewInitContainer().withName("istio-init").endInitContainer()
                .addNewContainer().withName("probe").endContainer().addNewContainer().withName("istio-proxy").endContainer().endSpec().build();
        Pod nativeSidecar = new PodBuilder().withNewSpec().addNewInitContainer().withName("istio-proxy").withRestartPolicy("Always")
                .endInitContainer().addNewContainer().withName("probe").endContainer().endSpec().build();

        assertThat(SidecarInjection.injected(plain)).isFalse();
        assertThat(SidecarInjection.injected(classic)).isTrue();
        assertThat(SidecarInjection.injected(nativeSidecar)).isTrue();
        assertThat(SidecarInjection.names(classic)).containsExactly("istio-init", "probe", "istio-proxy");
        assertThat(SidecarInjection.injected(null)).isFalse();
    }
}
