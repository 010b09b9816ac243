package io.github.istiocoredns.e2e.variantrun;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides when an image pull has failed for good, over the polls of one wait. A single ErrImagePull is not final: the
 * kubelet retries with a back-off, and a registry's hiccup or a pull that is still being imported clears up. A pull
 * counts as failed when the tier's own pre-pull of that image failed too, when the kubelet's ImagePullBackOff was seen
 * on {@value #BACK_OFFS} polls, when the same container kept failing to pull for {@link #persistence}, or at once for
 * InvalidImageName (a name never becomes valid).
 */
public final class PullFailures {

    static final int BACK_OFFS = 3;
    static final String BACK_OFF = "ImagePullBackOff";
    static final String INVALID_NAME = "InvalidImageName";

    private final Duration persistence;
    private final Function<String, Optional<String>> prePullFailure;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Map<String, Integer> backOffs = new HashMap<>();

    /** @param prePullFailure the tier's own pre-pull of an image: why it failed, or empty (pulled, not pre-pulled, still running) */
    public PullFailures(Duration persistence, Function<String, Optional<String>> prePullFailure) {
        this.persistence = persistence;
        this.prePullFailure = prePullFailure;
    }

    /** A pull that failed for good. @param text pod, container, image, reason, the runtime's message and why it is final */
    public record Failure(String pod, String container, String text) {
    }

    /** The first container whose pull has failed for good. */
    public Optional<Failure> persistent(List<Pod> pods, Instant now) {
        Set<String> failingNow = new HashSet<>();
        Failure found = null;
        for (Pod pod : pods.stream().filter(Objects::nonNull).toList()) {
            for (ContainerStatus status : WorkloadState.statuses(pod).toList()) {
                String reason = WorkloadState.waitingReason(status).orElse(null);
                if (reason == null || !WorkloadState.PULL_FAILURES.contains(reason)) {
                    continue;
                }
                String key = pod.getMetadata().getName() + "/" + status.getName();
                failingNow.add(key);
                Instant first = firstSeen.computeIfAbsent(key, k -> now);
                int seenBackOffs = BACK_OFF.equals(reason) ? backOffs.merge(key, 1, Integer::sum) : backOffs.getOrDefault(key, 0);
                Optional<String> prePull = prePullFailure.apply(status.getImage());
                String why = INVALID_NAME.equals(reason) ? "an invalid name"
                        : prePull.map(p -> "the tier's pre-pull failed too: " + p)
                        .orElse(seenBackOffs >= BACK_OFFS ? "the kubelet's back-off seen on " + seenBackOffs + " polls"
                                : !Duration.between(first, now).minus(persistence).isNegative()
                                        ? "failing for " + Duration.between(first, now).toSeconds() + " s" : null);
                if (why != null && found == null) {
                    String text = describe(pod, status) + " (final: " + why + ")";
                    found = new Failure(pod.getMetadata().getName(), status.getName(), WorkloadState.schema1(text) ? "schema 1: " + text : text);
                }
            }
        }
        firstSeen.keySet().retainAll(failingNow);
        backOffs.keySet().retainAll(failingNow);
        return Optional.ofNullable(found);
    }

    private static String describe(Pod pod, ContainerStatus status) {
        String message = status.getState().getWaiting().getMessage();
        return pod.getMetadata().getName() + "/" + status.getName() + " image " + status.getImage() + ": " + status.getState().getWaiting().getReason()
                + (message == null ? "" : ": " + message);
    }

    /** The same image whether or not a runtime wrote Docker Hub's implicit registry and library/ into its name. */
    public static String normalized(String image) {
        String name = image == null ? "" : image.strip();
        name = name.startsWith("docker.io/") ? name.substring("docker.io/".length()) : name;
        return name.startsWith("library/") ? name.substring("library/".length()) : name;
    }
}
