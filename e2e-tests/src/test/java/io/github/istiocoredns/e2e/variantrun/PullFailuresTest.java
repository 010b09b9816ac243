package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PullFailuresTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration PERSISTENCE = Duration.ofSeconds(60);
    private static final String NOT_FOUND = "failed to pull and unpack image \"docker.io/coredns/coredns:1.1.2\": not found";

    private static PullFailures notPrePulled() {
        return new PullFailures(PERSISTENCE, image -> Optional.empty());
    }

    @Test
    void oneErrImagePullIsNotFinal() {
        PullFailures pulls = notPrePulled();

        assertThat(pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0)).isEmpty();
        assertThat(pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void theSameErrorForTheBoundedTimeIsFinal() {
        PullFailures pulls = notPrePulled();
        pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0);

        Optional<PullFailures.Failure> failed = pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0.plus(PERSISTENCE));

        assertThat(failed).hasValueSatisfying(f -> {
            assertThat(f.pod()).isEqualTo("istiocoredns-1");
            assertThat(f.container()).isEqualTo("coredns");
            assertThat(f.text()).isEqualTo("istiocoredns-1/coredns image coredns/coredns:1.1.2: ErrImagePull: " + NOT_FOUND + " (final: failing for 60 s)");
        });
    }

    @Test
    void theKubeletsBackOffSeenRepeatedlyIsFinal() {
        PullFailures pulls = notPrePulled();

        assertThat(pulls.persistent(List.of(waiting("ImagePullBackOff", "Back-off pulling image")), T0)).isEmpty();
        assertThat(pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0.plusSeconds(2))).isEmpty();
        assertThat(pulls.persistent(List.of(waiting("ImagePullBackOff", "Back-off pulling image")), T0.plusSeconds(4))).isEmpty();
        assertThat(pulls.persistent(List.of(waiting("ImagePullBackOff", "Back-off pulling image")), T0.plusSeconds(6)))
                .get().extracting(PullFailures.Failure::text).asString().endsWith("(final: the kubelet's back-off seen on 3 polls)");
    }

    @Test
    void aFailedPrePullOfTheSameImageIsFinalAtOnceWhateverTheRegistryPrefix() {
        PullFailures pulls = new PullFailures(PERSISTENCE, image -> PullFailures.normalized(image).equals("coredns/coredns:1.1.2")
                ? Optional.of("could not pull coredns/coredns:1.1.2 in 20 ms: not found") : Optional.empty());

        Optional<PullFailures.Failure> failed = pulls.persistent(List.of(waiting("docker.io/coredns/coredns:1.1.2", "ErrImagePull", NOT_FOUND)), T0);

        assertThat(failed).get().extracting(PullFailures.Failure::text).asString()
                .endsWith("(final: the tier's pre-pull failed too: could not pull coredns/coredns:1.1.2 in 20 ms: not found)");
        assertThat(PullFailures.normalized("docker.io/library/busybox:1")).isEqualTo("busybox:1");
    }

    @Test
    void anInvalidNameIsFinalAtOnce() {
        assertThat(notPrePulled().persistent(List.of(waiting("InvalidImageName", "couldn't parse image name")), T0)).isPresent();
    }

    @Test
    void aPullThatRecoveredStartsAfreshWhenItFailsAgain() {
        PullFailures pulls = notPrePulled();
        pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0);
        pulls.persistent(List.of(running()), T0.plusSeconds(30));

        assertThat(pulls.persistent(List.of(waiting("ErrImagePull", NOT_FOUND)), T0.plusSeconds(70))).as("first seen again at 70 s").isEmpty();
    }

    /** containerd's pull errors as kubelet reports them in the waiting state's message (containerd 2.0's wording, FACTS §9, and 2.1+'s two). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            containerd 2.0 | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": Pulling Schema 1 images have been deprecated and disabled by default since containerd v2.0
            containerd 2.1+ media type | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": media type "application/vnd.docker.distribution.manifest.v1+prettyjws" is no longer supported since containerd v2.1
            containerd 2.1+ schema 1 | true  | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": schema 1 image manifests are no longer supported: invalid argument
            generic pull error | false | failed to pull and unpack image "docker.io/coredns/coredns:1.1.2": failed to resolve reference "docker.io/coredns/coredns:1.1.2": not found
            """)
    void aFinalPullFailureMarksSchema1RefusalsInEveryContainerdWording(String wording, boolean schema1, String message) {
        Optional<PullFailures.Failure> failure = notPrePulled().persistent(List.of(waiting("InvalidImageName", message)), T0);

        assertThat(WorkloadState.schema1(message)).as(wording).isEqualTo(schema1);
        assertThat(failure).get().extracting(PullFailures.Failure::text).as(wording).isEqualTo((schema1 ? "schema 1: " : "")
                + "istiocoredns-1/coredns image coredns/coredns:1.1.2: InvalidImageName: " + message + " (final: an invalid name)");
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

    private static Pod waiting(String reason, String message) {
        return waiting("coredns/coredns:1.1.2", reason, message);
    }

    private static Pod waiting(String image, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName("istiocoredns-1").endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("coredns").withImage(image).withReady(false).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
    }

    private static Pod running() {
        return new PodBuilder().withNewMetadata().withName("istiocoredns-1").endMetadata().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("coredns").withImage("coredns/coredns:1.1.2").withReady(true).withNewState().withNewRunning()
                .endRunning().endState().endContainerStatus().endStatus().build();
    }
}
