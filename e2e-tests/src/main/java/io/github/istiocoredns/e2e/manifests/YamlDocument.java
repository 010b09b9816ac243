package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * One document of a YAML file, as a tree, with the source position of every field and list element.
 *
 * @param source the file as shown to users (relative to the project root where possible)
 * @param number the document's position in the file, counting non-empty documents from 1
 */
public record YamlDocument(String source, int number, JsonNode tree, Map<FieldPath, SourceLocation> locations) {

    public YamlDocument {
        locations = Map.copyOf(locations);
    }

    /** Where a field is written; for a field that is not in the source, where its nearest parent is. */
    public Optional<SourceLocation> locate(FieldPath path) {
        for (FieldPath p = path; ; p = p.parent()) {
            SourceLocation location = locations.get(p);
            if (location != null) {
                return Optional.of(location);
            }
            if (p.isRoot()) {
                return Optional.empty();
            }
        }
    }

    /** "Kind/namespace/name" when the document is a Kubernetes object, else empty. */
    public String objectRef() {
        String kind = tree.path("kind").asText("");
        String name = tree.path("metadata").path("name").asText("");
        String namespace = tree.path("metadata").path("namespace").asText("");
        if (kind.isEmpty() && name.isEmpty()) {
            return "";
        }
        return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    /** A problem at a field of this document, placed at the field's source position. */
    public ManifestProblem problemAt(FieldPath field, String message) {
        return new ManifestProblem(source, number, objectRef(), locate(field).orElse(null), field, message);
    }
}
