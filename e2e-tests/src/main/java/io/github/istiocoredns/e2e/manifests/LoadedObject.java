package io.github.istiocoredns.e2e.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A Kubernetes or Istio object read from a manifest, with the document it came from. */
public record LoadedObject(YamlDocument document, HasMetadata object) {

    /** "Kind/namespace/name" (or "Kind/name" for cluster-scoped objects). */
    public String ref() {
        return refOf(object);
    }

    public static String refOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + "/" + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    public String name() {
        return object.getMetadata().getName();
    }

    public ManifestProblem problemAt(FieldPath field, String message) {
        return document.problemAt(field, message);
    }

    public LoadedObject withObject(HasMetadata replacement) {
        return new LoadedObject(document, replacement);
    }
}
