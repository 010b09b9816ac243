package io.github.istiocoredns.e2e.images;

import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Testcontainers' image name substitutor for this suite (configured in the test classpath's testcontainers.properties):
 * a Docker Hub image that the local Docker does not have, but has under the offline mirror prefix (what
 * scripts/offline-images builds, default {@value #DEFAULT_PREFIX}), is run from the mirror. Everything else is left as it
 * is: an image present under its own name, a name with a registry host (ours, {@code localhost/...}, or one that
 * Testcontainers' own hub.image.name.prefix already rewrote), and any image when Docker does not answer.
 */
public final class OfflineMirrorSubstitutor extends ImageNameSubstitutor {

    public static final String PREFIX_PROPERTY = "offline.mirror.prefix";
    public static final String PREFIX_VARIABLE = "MIRROR_PREFIX";
    static final String DEFAULT_PREFIX = "mirror.local/";

    private final String prefix;
    private final Predicate<String> present;
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    /** As Testcontainers instantiates it: the prefix from the property, the variable scripts/ read, or the default. */
    public OfflineMirrorSubstitutor() {
        this(configuredPrefix(), OfflineMirrorSubstitutor::presentLocally);
    }

    OfflineMirrorSubstitutor(String prefix, Predicate<String> presentLocally) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.present = presentLocally;
    }

    @Override
    public DockerImageName apply(DockerImageName original) {
        if (!original.getRegistry().isEmpty()) {
            return original;
        }
        String name = original.asCanonicalNameString();
        if (isPresent(name)) {
            return original;
        }
        String mirrored = prefix + name;
        return isPresent(mirrored) ? DockerImageName.parse(mirrored).asCompatibleSubstituteFor(original) : original;
    }

    private boolean isPresent(String name) {
        return seen.computeIfAbsent(name, present::test);
    }

    @Override
    protected String getDescription() {
        return "offline mirror: Docker Hub images the local Docker lacks are taken from " + prefix + " when present there (scripts/offline-images)";
    }

    static String configuredPrefix() {
        String property = System.getProperty(PREFIX_PROPERTY, "");
        if (!property.isBlank()) {
            return property.strip();
        }
        String variable = System.getenv(PREFIX_VARIABLE);
        return variable == null || variable.isBlank() ? DEFAULT_PREFIX : variable.strip();
    }

    /** False when Docker does not answer: then nothing is substituted and the tier's own check says what is missing. */
    private static boolean presentLocally(String name) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return false;
            }
            DockerClientFactory.lazyClient().inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException absent) {
            return false;
        } catch (RuntimeException unknown) {
            return false;
        }
    }
}
