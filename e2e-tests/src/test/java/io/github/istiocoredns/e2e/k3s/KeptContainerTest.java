package io.github.istiocoredns.e2e.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

class KeptContainerTest {

    @Test
    void aKeptContainerIsReusableSoThatTestcontainersDoesNotRemoveItAtJvmExit() {
        GenericContainer<?> container = container();

        Optional<String> warning = KeptContainer.configure(container, true, () -> true);

        assertThat(container.isShouldBeReused()).isTrue();
        assertThat(warning).isEmpty();
    }

    @Test
    void eachKeptStartIsLabelledApartSoThatAnEarlierKeptClusterIsNeverHandedBack() throws InterruptedException {
        GenericContainer<?> first = container();
        GenericContainer<?> second = container();

        KeptContainer.configure(first, true, () -> true);
        Thread.sleep(2);
        KeptContainer.configure(second, true, () -> true);

        assertThat(first.getLabels()).containsKey(KeptContainer.LABEL);
        assertThat(second.getLabels().get(KeptContainer.LABEL)).isNotEqualTo(first.getLabels().get(KeptContainer.LABEL));
    }

    @Test
    void aContainerNotAskedToBeKeptStaysAnOrdinaryOne() {
        GenericContainer<?> container = container();

        Optional<String> warning = KeptContainer.configure(container, false, () -> true);

        assertThat(container.isShouldBeReused()).isFalse();
        assertThat(container.getLabels()).doesNotContainKey(KeptContainer.LABEL);
        assertThat(warning).isEmpty();
    }

    @Test
    void whereReuseIsOffTheRunIsToldThatItsClusterWillBeRemovedAndHowToKeepIt() {
        Optional<String> warning = KeptContainer.configure(container(), true, () -> false);

        assertThat(warning).hasValueSatisfying(text -> assertThat(text)
                .contains("removed when the JVM exits")
                .contains(KeptContainer.REUSE_ENVIRONMENT_VARIABLE + "=true"));
    }

    @Test
    void theMavenBuildTurnsReuseOnExactlyWhenAClusterIsKept() throws Exception {
        String parentPom = java.nio.file.Files.readString(java.nio.file.Path.of("..", "pom.xml"));

        assertThat(parentPom).contains("<" + KeptContainer.REUSE_ENVIRONMENT_VARIABLE + ">${conformance.keepCluster}</");
    }

    private static GenericContainer<?> container() {
        return new GenericContainer<>(DockerImageName.parse("mirror.local/rancher/k3s:test"));
    }
}
