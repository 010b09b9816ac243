package io.github.istiocoredns.e2e.k3s;

import java.time.Duration;

/** How pulling one image inside k3s went. @param output what crictl said (the error when it failed) */
public record PullOutcome(String image, boolean pulled, String output, Duration duration) {

    private static final int REASON_LENGTH = 240;

    /** One line for logs and reports. */
    public String line() {
        return (pulled ? "pulled " : "could not pull ") + image + " in " + duration.toMillis() + " ms"
                + (pulled ? "" : ": " + reason());
    }

    /**
     * Why the pull failed, in short: crictl prints its log prefix and the whole chain of wrapped errors, and the cause
     * that matters (no such host, not found, a rate limit) is at its end, so that end is kept.
     */
    public String reason() {
        String text = output.strip().replaceAll("\\s*\\R\\s*", " ");
        int description = text.lastIndexOf("desc = ");
        String cause = description < 0 ? text : text.substring(description + "desc = ".length());
        cause = cause.length() > REASON_LENGTH ? "..." + cause.substring(cause.length() - REASON_LENGTH) : cause;
        return cause + hint();
    }

    /** Docker Hub limits anonymous pulls per address (a laptop meets it, GitHub's hosted runners are exempt). */
    private String hint() {
        return output.contains("toomanyrequests") ? " (Docker Hub's pull rate limit: give k3s credentials or a mirror with -D"
                + K3sCluster.REGISTRIES_PROPERTY + "=<registries.yaml>)" : "";
    }
}
