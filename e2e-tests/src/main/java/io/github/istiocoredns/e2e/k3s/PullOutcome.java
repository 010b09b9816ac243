package io.github.istiocoredns.e2e.k3s;

import java.time.Duration;

/** How pulling one image inside k3s went. @param output what crictl said (the error when it failed) */
public record PullOutcome(String image, boolean pulled, String output, Duration duration) {

    /** One line for logs and reports. */
    public String line() {
        return (pulled ? "pulled " : "could not pull ") + image + " in " + duration.toMillis() + " ms"
                + (pulled ? "" : ": " + ImagePresence.oneLine(output) + hint());
    }

    /** Docker Hub limits anonymous pulls per address (a laptop meets it, GitHub's hosted runners are exempt). */
    private String hint() {
        return output.contains("toomanyrequests") ? " (Docker Hub's pull rate limit: give k3s credentials or a mirror with -D"
                + K3sCluster.REGISTRIES_PROPERTY + "=<registries.yaml>)" : "";
    }
}
