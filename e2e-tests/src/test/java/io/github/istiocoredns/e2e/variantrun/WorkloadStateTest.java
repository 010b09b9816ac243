package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadStateTest {

    @Test
    void readyMeansEveryContainerReady() {
        Pod running = new PodBuilder().withNewMetadata().withName("ok").endMetadata().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("client").withReady(true).endContainerStatus().endStatus().build();

        assertThat(WorkloadState.ready(running)).isTrue();
        assertThat(WorkloadState.ready(waiting("istiocoredns-1", "coredns", "coredns/coredns:1.1.2", "ErrImagePull", "x"))).isFalse();
    }

    @Test
    void crashLoopIsReadFromTheNamedContainerOnly() {
        Pod pod = waiting("istiocoredns-1", "coredns", "coredns/coredns:1.6.2", "CrashLoopBackOff", "back-off 20s restarting failed container");

        assertThat(WorkloadState.crashLooping(pod, "coredns")).isTrue();
        assertThat(WorkloadState.crashLooping(pod, "istio-coredns-plugin")).isFalse();
        assertThat(WorkloadState.describe(List.of(pod))).contains("istiocoredns-1").contains("coredns=CrashLoopBackOff");
    }

    private static Pod waiting(String pod, String container, String image, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName(pod).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName(container).withImage(image).withReady(false).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
    }
}
