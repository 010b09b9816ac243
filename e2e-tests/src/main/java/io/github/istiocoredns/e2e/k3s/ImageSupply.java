package io.github.istiocoredns.e2e.k3s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Where each image a run needs in k3s comes from: copied from the local Docker when it has the image (under its own name
 * or, through the image name substitution, the offline mirror's: what no registry here serves), else pulled by k3s's
 * containerd. One rule for every machine: offline everything is copied, on a connected machine everything is pulled.
 *
 * @param fromDocker the image as the manifests name it, to the local Docker name it is copied from
 * @param toPull images k3s pulls itself
 */
public record ImageSupply(Map<String, String> fromDocker, List<String> toPull) {

    public ImageSupply {
        fromDocker = Map.copyOf(fromDocker);
        toPull = List.copyOf(toPull);
    }

    /**
     * @param localName the name the local Docker would have the image under (Testcontainers' substitution)
     * @param presentLocally whether the local Docker has an image of that exact name
     */
    public static ImageSupply plan(Collection<String> images, UnaryOperator<String> localName, Predicate<String> presentLocally) {
        Map<String, String> fromDocker = new LinkedHashMap<>();
        List<String> toPull = new ArrayList<>();
        for (String image : images) {
            String local = localName.apply(image);
            if (presentLocally.test(local)) {
                fromDocker.put(image, local);
            } else {
                toPull.add(image);
            }
        }
        return new ImageSupply(fromDocker, toPull);
    }

    /**
     * The full name containerd and the kubelet use for an image reference: Docker Hub's implicit registry and library/
     * written out ({@code coredns/coredns:1.6.2} is {@code docker.io/coredns/coredns:1.6.2}), other names unchanged.
     */
    public static String fullName(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (hasRegistry) {
            return image;
        }
        return "docker.io/" + (slash < 0 ? "library/" : "") + image;
    }
}
