package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadStateTest {

    /** containerd's pull errors as kubelet reports them in the waiting state's message (containerd 2.0's wording, FACTS §9, and 2.1+'s two). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            containerd 2.0 | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": Pulling Schema 1 images have been deprecated and disabled by default since containerd v2.0
            containerd 2.1+ media type | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": media type "application/vnd.docker.distribution.manifest.v1+prettyjws" is no longer supported since containerd v2.1
            containerd 2.1+ schema 1 | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": schema 1 image manifests are no longer supported: invalid argument
            generic pull error | false | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": failed to resolve reference "docker.io/coredns/coredns:1.1.2": not found
            """)
    void pullFailureMarksSchema1RefusalsInEveryContainerdWording(String wording, boolean schema1, String message) {
        Pod pod = waiting("istiocoredns-1", "coredns", "coredns/coredns:1.1.2", "ErrImagePull", message);

        Optional<String> failure = WorkloadState.pullFailure(List.of(pod));

        assertThat(WorkloadState.schema1(message)).as(wording).isEqualTo(schema1);
        assertThat(failure).as(wording).hasValue((schema1 ? "schema 1: " : "")
                + "istiocoredns-1/coredns image coredns/coredns:1.1.2: ErrImagePull: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SCHEMA 1 IMAGE MANIFESTS ARE NO LONGER SUPPORTED | true
            Media type "application/vnd.docker.distribution.manifest.V1+PRETTYJWS" | true
            application/vnd.docker.distribution.manifest.v2+json | false
            schema 2 | false
            """)
    void schema1MarksAreMatchedWhateverTheirCase(String message, boolean schema1) {
        assertThat(WorkloadState.schema1(message)).isEqualTo(schema1);
    }

    private static Pod waiting(String pod, String container, String image, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName(pod).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName(container).withImage(image).withReady(false).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
    }
}
