package io.github.istiocoredns.e2e.variantrun;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads the states of a variant's pods from their status: ready, a crash loop, an image pull failure ({@link PullFailures}). */
public final class WorkloadState {

    static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");
    static final String CRASH_LOOP = "CrashLoopBackOff";
    /**
     * containerd 2.x's refusal of Docker schema 1 images (FACTS §9), in any case: 2.0 says "Pulling Schema 1 images have
     * been deprecated", 2.1+ (k3s v1.34-1.36 ship 2.2.x) says "schema 1 image manifests are no longer supported" or names
     * the media type {@value #SCHEMA_1_MEDIA_TYPE_MARK}.
     */
    static final String SCHEMA_1_MARK = "schema 1";
    /** The tail of Docker's schema 1 manifest media type, application/vnd.docker.distribution.manifest.v1+prettyjws. */
    static final String SCHEMA_1_MEDIA_TYPE_MARK = "manifest.v1+prettyjws";

    private WorkloadState() {
    }

    /** Whether a pull error is containerd's refusal of a Docker schema 1 image, whatever containerd 2.x's wording. */
    static boolean schema1(String pullError) {
        String text = pullError.toLowerCase(Locale.ROOT);
        return text.contains(SCHEMA_1_MARK) || text.contains(SCHEMA_1_MEDIA_TYPE_MARK);
    }

    /** Whether the named container of the pod is in CrashLoopBackOff. */
    public static boolean crashLooping(Pod pod, String container) {
        return statuses(pod).anyMatch(s -> s.getName().equals(container) && waitingReason(s).filter(CRASH_LOOP::equals).isPresent());
    }

    /** Whether every container of the pod is ready. */
    public static boolean ready(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
        return statuses != null && !statuses.isEmpty() && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    }

    /** One line per pod: phase and each container's state, for timeout messages. */
    public static String describe(List<Pod> pods) {
        if (pods.isEmpty()) {
            return "no pods";
        }
        return String.join("; ", pods.stream().map(pod -> pod.getMetadata().getName() + " " + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase())
                + statuses(pod).map(s -> " " + s.getName() + "=" + waitingReason(s).orElse(Boolean.TRUE.equals(s.getReady()) ? "ready" : "not ready"))
                        .reduce("", String::concat)).toList());
    }

    public static Stream<ContainerStatus> statuses(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        List<ContainerStatus> init = pod.getStatus().getInitContainerStatuses() == null ? List.of() : pod.getStatus().getInitContainerStatuses();
        List<ContainerStatus> main = pod.getStatus().getContainerStatuses() == null ? List.of() : pod.getStatus().getContainerStatuses();
        return Stream.concat(init.stream(), main.stream());
    }

    public static Optional<String> waitingReason(ContainerStatus status) {
        return status.getState() == null || status.getState().getWaiting() == null ? Optional.empty()
                : Optional.ofNullable(status.getState().getWaiting().getReason());
    }
}
