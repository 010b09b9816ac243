package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fruits-api as this project deploys it: our image, probes, a restrictive security context. */
class FruitsApiManifestTest {

    private final ManifestSet manifests = new StrictManifestLoader(TestProject.root())
            .load(List.of(TestProject.file("manifests/fruits-api/fruits-api-svc.yaml")));
    private final PodSpec pod = manifests.all(Deployment.class).findFirst().orElseThrow().getSpec().getTemplate().getSpec();
    private final Container container = pod.getContainers().get(0);

    @Test
    void runsTheImageThisBuildProduces() {
        String built = System.getProperty("fruits.image");

        assertThat(built).as("system property fruits.image (set by e2e-tests/pom.xml from the parent's <fruits.image>);"
                + " run the tests through Maven").isNotBlank();
        assertThat(container.getImage()).as("manifests/fruits-api/fruits-api-svc.yaml must run the image the build"
                + " produces; update it when the version changes").isEqualTo(built);
    }

    @Test
    void probesUseTheServiceHealthEndpointsOnItsNamedPort() {
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(container.getPorts().get(0).getName());
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(container.getPorts().get(0).getName());
    }

    @Test
    void runsNonRootReadOnlyWithoutPrivilegesOrCapabilities() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isEmpty();
        assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }
}
