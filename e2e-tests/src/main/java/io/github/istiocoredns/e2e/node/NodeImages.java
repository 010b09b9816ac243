package io.github.istiocoredns.e2e.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where each image the manifests name comes from on the local node, which pulls nothing: an image tarball of this build
 * (fruits-api's Jib tar), else the local Docker under the mirror name (Testcontainers' image name substitution, as the
 * offline-images script tags what it builds), else under the name itself.
 *
 * @param sources manifest name to a Docker image name or a tarball path, in the order asked
 * @param missing manifest name to the candidates that were looked for
 */
public record NodeImages(Map<String, String> sources, Map<String, String> missing) {

    public static NodeImages plan(Collection<String> images, Map<String, Path> tarballs, Function<String, String> mirrored,
            Predicate<String> inDocker) {
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> missing = new TreeMap<>();
        for (String image : images) {
            Path tarball = tarballs.get(image);
            String mirror = mirrored.apply(image);
            if (tarball != null && Files.isRegularFile(tarball)) {
                sources.put(image, tarball.toAbsolutePath().toString());
            } else if (inDocker.test(mirror)) {
                sources.put(image, mirror);
            } else if (!mirror.equals(image) && inDocker.test(image)) {
                sources.put(image, image);
            } else {
                missing.put(image, "not in the local Docker as " + mirror + (mirror.equals(image) ? "" : " or " + image)
                        + (tarball == null ? "" : ", no tarball " + tarball));
            }
        }
        return new NodeImages(Map.copyOf(sources), Map.copyOf(missing));
    }

    /** Only the images of this plan that are in {@code wanted}. */
    public Map<String, String> sourcesOf(Collection<String> wanted) {
        Map<String, String> subset = new LinkedHashMap<>();
        wanted.stream().filter(sources::containsKey).forEach(image -> subset.put(image, sources.get(image)));
        return subset;
    }
}
