package io.github.istiocoredns.e2e.catalog;

/**
 * A variant's istiocoredns add-on.
 *
 * @param corefile the Corefile (path from the project root), under manifests/coredns/istiocoredns/
 * @param image the CoreDNS image, a Docker Hub name such as coredns/coredns:1.6.2 (a mirror prefix applies)
 */
public record Istiocoredns(String corefile, String image) {

    /** The CoreDNS version: the image's tag. */
    public String corednsVersion() {
        return image.substring(image.lastIndexOf(':') + 1);
    }
}
