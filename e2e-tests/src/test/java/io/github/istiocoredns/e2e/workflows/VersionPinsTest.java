package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.Platform;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.workflows.VersionPins.Istio;
import io.github.istiocoredns.e2e.workflows.VersionPins.K3s;
import io.github.istiocoredns.e2e.workflows.VersionPins.Leg;
import io.github.istiocoredns.e2e.workflows.VersionPins.Minor;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** .github/versions.json holds the three newest k3s minors and two newest Istio releases, and agrees with the catalog. */
class VersionPinsTest {

    private static final int K3S_MINORS = 3;
    private static final int ISTIO_RELEASES = 2;

    private final VersionPins pins = VersionPins.read(TestProject.file(VersionPins.FILE));
    private final Platform catalog = VariantCatalog.load().platform();

    @Test
    void k3sIsThreeConsecutiveMinorsNewestFirst() {
        List<Minor> minors = pins.k3s().stream().map(K3s::kubernetesMinor).toList();

        assertThat(minors).as(VersionPins.FILE + " k3s minors").hasSize(K3S_MINORS);
        for (int i = 1; i < minors.size(); i++) {
            assertThat(minors.get(i)).as(VersionPins.FILE + " k3s entry " + i + " is the minor before entry " + (i - 1)).isEqualTo(minors.get(i - 1).previous());
        }
    }

    @Test
    void istioIsTwoConsecutiveReleasesNewestFirst() {
        List<Minor> minors = pins.istio().stream().map(Istio::minor).toList();

        assertThat(minors).as(VersionPins.FILE + " Istio releases").hasSize(ISTIO_RELEASES);
        assertThat(minors.get(1)).as(VersionPins.FILE + " second Istio release is the minor before the first").isEqualTo(minors.get(0).previous());
        for (Istio release : pins.istio()) {
            assertThat(release.version()).as(VersionPins.FILE + " Istio version").matches("\\d+\\.\\d+\\.\\d+");
            assertThat(release.minKubernetes()).as("Istio " + release.version() + " kubernetes.min <= max").isLessThanOrEqualTo(release.maxKubernetes());
        }
    }

    @Test
    void theNewestIstioIsTheCatalogsPin() {
        assertThat(pins.istio().get(0).version()).as(VersionPins.FILE + " newest Istio vs the catalog's platform.istio.version")
                .isEqualTo(catalog.istio().version());
    }

    @Test
    void theReadmesHelmStepsInstallTheCatalogsIstioFromTheCatalogsRepository() throws Exception {
        String readme = Files.readString(TestProject.file("README.md"));

        assertThat(readme).as("README walkthrough, step 1 (Install Istio)")
                .contains("helm repo add istio " + catalog.istio().helmRepository())
                .contains("helm install istio-base istio/base -n istio-system --create-namespace --version " + catalog.istio().version() + "`")
                .contains("helm install istiod istio/istiod -n istio-system --version " + catalog.istio().version() + " -f " + catalog.istio().istiodValues());
    }

    @Test
    void theCatalogsK3sIsOneOfTheMatrix() {
        assertThat(pins.k3s()).extracting(K3s::image).as(VersionPins.FILE + " k3s images vs the catalog's platform.k3s.image")
                .contains(catalog.k3s().image());
    }

    @Test
    void theCatalogsPinnedPairIsALegOfTheMatrix() {
        assertThat(pins.legs()).extracting(Leg::k3s_image, Leg::istio).as("the catalog's k3s with the catalog's Istio")
                .contains(tuple(catalog.k3s().image(), catalog.istio().version()));
    }

    @Test
    void everyK3sHasAnIstioThatSupportsIt() {
        for (K3s image : pins.k3s()) {
            assertThat(pins.legs()).extracting(Leg::k3s_image).as(image.image() + ": no Istio release in " + VersionPins.FILE
                    + " supports Kubernetes " + image.kubernetesMinor() + ", so it would silently have no leg").contains(image.image());
        }
    }
}
