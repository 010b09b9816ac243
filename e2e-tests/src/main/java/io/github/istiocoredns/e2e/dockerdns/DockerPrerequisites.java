package io.github.istiocoredns.e2e.dockerdns;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Decides up front whether a Docker tier can run, so that a missing image is reported in one line at once instead
 * of after Testcontainers has retried a pull for about two minutes.
 */
public final class DockerPrerequisites {

    /**
     * Why the tier cannot run here, or empty when Docker answers and every image is present locally under the name
     * Testcontainers will use (after its hub image name prefix and the suite's offline mirror substitution).
     *
     * @param dockerHubImageNames e.g. {@code coredns/coredns:1.6.2}
     */
    public Optional<String> missing(Collection<String> dockerHubImageNames) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("Docker is not available to Testcontainers (start the Docker daemon, or run .ci/run, which installs and "
                    + "starts it; on a machine that is a container running its own daemon without a registry, export "
                    + "TESTCONTAINERS_HOST_OVERRIDE=localhost, or start dockerd with --bip as .ci/run does)");
        }
        DockerClient client = DockerClientFactory.instance().client();
        List<String> absent = new ArrayList<>();
        for (String image : dockerHubImageNames) {
            String resolved = resolvedName(image);
            try {
                client.inspectImageCmd(resolved).exec();
            } catch (NotFoundException notPresent) {
                absent.add(resolved);
            }
        }
        if (absent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("image(s) not present locally: " + String.join(", ", absent)
                + " (build them with scripts/offline-images, or pull them where a registry is reachable)");
    }

    /** The name Testcontainers will run for a Docker Hub name, e.g. {@code mirror.local/coredns/coredns:1.6.2}. */
    public String resolvedName(String dockerHubImageName) {
        return ImageNameSubstitutor.instance().apply(DockerImageName.parse(dockerHubImageName)).asCanonicalNameString();
    }
}
