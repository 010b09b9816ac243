package io.github.istiocoredns.e2e.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.SystemProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

class OfflineMirrorSubstitutorTest {

    private static final Set<String> LOCAL = Set.of("mirror.local/coredns/coredns:1.14.7", "mirror.local/rancher/k3s:v1.35.9-k3s1",
            "coredns/coredns:1.6.2", "mirror.local/coredns/coredns:1.6.2");

    private final List<String> asked = new ArrayList<>();
    private final OfflineMirrorSubstitutor substitutor = new OfflineMirrorSubstitutor("mirror.local/", name -> {
        asked.add(name);
        return LOCAL.contains(name);
    });

    @Test
    void aDockerHubImageOnlyTheMirrorHasRunsFromTheMirrorAndStaysCompatible() {
        DockerImageName k3s = substitutor.apply(DockerImageName.parse("rancher/k3s:v1.35.9-k3s1"));

        assertThat(k3s.asCanonicalNameString()).isEqualTo("mirror.local/rancher/k3s:v1.35.9-k3s1");
        assertThat(k3s.isCompatibleWith(DockerImageName.parse("rancher/k3s"))).as("K3sContainer checks this").isTrue();
    }

    @Test
    void anImagePresentUnderItsOwnNameIsKept() {
        assertThat(substitutor.apply(DockerImageName.parse("coredns/coredns:1.6.2")).asCanonicalNameString()).isEqualTo("coredns/coredns:1.6.2");
    }

    @Test
    void anImageNeitherHasIsKeptSoThatTheTiersOwnCheckNamesIt() {
        assertThat(substitutor.apply(DockerImageName.parse("istiosuccinctly/fruits-api:1.0.0")).asCanonicalNameString())
                .isEqualTo("istiosuccinctly/fruits-api:1.0.0");
    }

    @Test
    void aNameWithARegistryIsNeverTouchedNorLookedUp() {
        assertThat(substitutor.apply(DockerImageName.parse("localhost/istiocoredns/fruits-api:0.1.0")).asCanonicalNameString())
                .isEqualTo("localhost/istiocoredns/fruits-api:0.1.0");
        assertThat(substitutor.apply(DockerImageName.parse("mirror.local/coredns/coredns:1.14.7")).asCanonicalNameString())
                .isEqualTo("mirror.local/coredns/coredns:1.14.7");
        assertThat(asked).isEmpty();
    }

    @Test
    void eachNameIsLookedUpOnce() {
        substitutor.apply(DockerImageName.parse("coredns/coredns:1.14.7"));
        substitutor.apply(DockerImageName.parse("coredns/coredns:1.14.7"));

        assertThat(asked).containsExactly("coredns/coredns:1.14.7", "mirror.local/coredns/coredns:1.14.7");
    }

    @Test
    void thePrefixComesFromThePropertyThenMirrorPrefixThenTheScriptsDefault() {
        assertThat(SystemProperties.with(OfflineMirrorSubstitutor.PREFIX_PROPERTY, "registry.example/hub/", OfflineMirrorSubstitutor::configuredPrefix))
                .isEqualTo("registry.example/hub/");
        String variable = System.getenv(OfflineMirrorSubstitutor.PREFIX_VARIABLE);
        assertThat(SystemProperties.with(OfflineMirrorSubstitutor.PREFIX_PROPERTY, null, OfflineMirrorSubstitutor::configuredPrefix))
                .isEqualTo(variable == null || variable.isBlank() ? "mirror.local/" : variable.strip());
    }

    @Test
    void theTestClasspathConfiguresItForTestcontainers() {
        assertThat(org.testcontainers.utility.TestcontainersConfiguration.getInstance().getImageSubstitutorClassName())
                .isEqualTo(OfflineMirrorSubstitutor.class.getName());
    }
}
