package io.github.istiocoredns.e2e.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * .github/versions.json, the e2e workflow's k3s and Istio versions, and the legs they make: every k3s with every
 * Istio release whose supported Kubernetes range holds the k3s minor. Derived here independently of the workflow's
 * script, so that the two can be compared.
 */
record VersionPins(List<K3s> k3s, List<Istio> istio) {

    static final String FILE = ".github/versions.json";

    private static final Pattern K3S_IMAGE = Pattern.compile("rancher/k3s:v(\\d+)\\.(\\d+)\\.(\\d+)-k3s(\\d+)");
    private static final Pattern MINOR = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+.*)?");

    static VersionPins read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<K3s> k3s = new ArrayList<>();
            for (JsonNode entry : root.path("k3s")) {
                k3s.add(new K3s(required(entry, "image", file)));
            }
            List<Istio> istio = new ArrayList<>();
            for (JsonNode entry : root.path("istio")) {
                JsonNode range = entry.path("kubernetes");
                istio.add(new Istio(required(entry, "version", file), Minor.parse(required(range, "min", file)),
                        Minor.parse(required(range, "max", file))));
            }
            return new VersionPins(List.copyOf(k3s), List.copyOf(istio));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse as JSON: " + e.getMessage(), e);
        }
    }

    /** The legs in the order the workflow lists them: k3s as in the file, then Istio as in the file. */
    List<Leg> legs() {
        List<Leg> legs = new ArrayList<>();
        for (K3s image : k3s) {
            for (Istio release : istio) {
                if (release.supports(image.kubernetesMinor())) {
                    legs.add(new Leg(image.image(), image.tag(), release.version()));
                }
            }
        }
        return legs;
    }

    private static String required(JsonNode node, String field, Path file) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new AssertionError(file + ": entry " + node + " has no text field '" + field + "'");
        }
        return value.asText();
    }

    record K3s(String image) {

        /** The image tag, e.g. v1.35.6-k3s1. */
        String tag() {
            return image.substring(image.indexOf(':') + 1);
        }

        Minor kubernetesMinor() {
            Matcher matcher = K3S_IMAGE.matcher(image);
            if (!matcher.matches()) {
                throw new AssertionError(FILE + ": k3s image '" + image + "' is not of the form rancher/k3s:v1.35.6-k3s1");
            }
            return new Minor(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
    }

    record Istio(String version, Minor minKubernetes, Minor maxKubernetes) {

        boolean supports(Minor kubernetes) {
            return minKubernetes.compareTo(kubernetes) <= 0 && kubernetes.compareTo(maxKubernetes) <= 0;
        }

        Minor minor() {
            return Minor.parse(version);
        }
    }

    /** One job of the e2e matrix; the field names are the matrix keys the workflow uses. */
    record Leg(String k3s_image, String k3s_tag, String istio) {
    }

    record Minor(int major, int minor) implements Comparable<Minor> {

        static Minor parse(String version) {
            Matcher matcher = MINOR.matcher(version);
            if (!matcher.matches()) {
                throw new AssertionError(FILE + ": '" + version + "' is not a version such as 1.30 or 1.30.5");
            }
            return new Minor(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }

        @Override
        public int compareTo(Minor other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }

        Minor previous() {
            return new Minor(major, minor - 1);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }
}
