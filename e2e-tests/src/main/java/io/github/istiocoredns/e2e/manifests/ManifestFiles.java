package io.github.istiocoredns.e2e.manifests;

/**
 * Which schema a YAML file under manifests/ follows. Every YAML file there is read strictly with one:
 * Kubernetes/Istio objects, the Helm values for istiod, or the list of intended changes.
 */
public final class ManifestFiles {

    public static final String INTENDED_CHANGES = "intended-changes.yaml";
    public static final String HELM_VALUES_SUFFIX = "-values.yaml";

    private ManifestFiles() {
    }

    public static boolean isIntendedChanges(String path) {
        return path.endsWith("/" + INTENDED_CHANGES);
    }

    public static boolean isHelmValues(String path) {
        return path.endsWith(HELM_VALUES_SUFFIX);
    }

    public static boolean isKubernetesManifest(String path) {
        return (path.endsWith(".yaml") || path.endsWith(".yml")) && !isIntendedChanges(path) && !isHelmValues(path);
    }
}
