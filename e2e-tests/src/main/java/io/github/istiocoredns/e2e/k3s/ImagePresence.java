package io.github.istiocoredns.e2e.k3s;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Decides up front, within a bound, whether the k3s image is there or can be pulled. Testcontainers itself would
 * retry a failing pull for about two minutes (FACTS §7) before the tier could say anything useful.
 */
public final class ImagePresence {

    /** What was found out about one image. */
    public record Finding(String image, boolean dockerAvailable, boolean presentLocally, String pullFailure) {

        /** Empty when the image can be used; otherwise one line naming what is missing and how to provide it. */
        public Optional<String> missing() {
            if (!dockerAvailable) {
                return Optional.of("no Docker daemon is reachable (Testcontainers found none), so k3s (" + image + ") cannot start");
            }
            if (presentLocally || pullFailure == null) {
                return Optional.empty();
            }
            return Optional.of("image " + image + " is not present and no registry is reachable (docker pull failed: "
                    + oneLine(pullFailure) + ")");
        }
    }

    private ImagePresence() {
    }

    /** The name Testcontainers will use (a hub.image.name.prefix mirror and the suite's offline mirror apply). */
    public static DockerImageName resolved(String image) {
        return ImageNameSubstitutor.instance().apply(DockerImageName.parse(image));
    }

    /** Whether the local Docker has this exact name (no substitution, no pull). False without Docker. */
    public static boolean presentLocally(String exactName) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return false;
        }
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(exactName).exec();
            return true;
        } catch (NotFoundException absent) {
            return false;
        }
    }

    /** A label of the local Docker's image of this exact name; empty without Docker, the image or the label. */
    public static Optional<String> label(String exactName, String key) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.empty();
        }
        try {
            var config = DockerClientFactory.lazyClient().inspectImageCmd(exactName).exec().getConfig();
            return Optional.ofNullable(config == null || config.getLabels() == null ? null : config.getLabels().get(key));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** Looks for the image locally, else pulls it, giving up after {@code pullTimeout}. */
    public static Finding check(String image, Duration pullTimeout) {
        DockerImageName name = resolved(image);
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return new Finding(name.asCanonicalNameString(), false, false, null);
        }
        DockerClient docker = DockerClientFactory.lazyClient();
        try {
            docker.inspectImageCmd(name.asCanonicalNameString()).exec();
            return new Finding(name.asCanonicalNameString(), true, true, null);
        } catch (NotFoundException absent) {
            return new Finding(name.asCanonicalNameString(), true, false, pull(docker, name, pullTimeout));
        }
    }

    /** Null when the pull succeeded, else what went wrong. */
    private static String pull(DockerClient docker, DockerImageName name, Duration timeout) {
        try {
            boolean completed = docker.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart())
                    .start().awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return completed ? null : "no answer within " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    public static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
