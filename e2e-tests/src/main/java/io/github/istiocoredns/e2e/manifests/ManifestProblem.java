package io.github.istiocoredns.e2e.manifests;

/**
 * One thing wrong with an input file, located as precisely as the input allows.
 *
 * @param document the document number (from 1), or 0 when the problem is not inside a document
 * @param objectRef "Kind/namespace/name" of the object the document holds, or empty
 * @param location the source position, or null when unknown
 * @param field the field concerned, or the root
 */
public record ManifestProblem(
        String source, int document, String objectRef, SourceLocation location, FieldPath field, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (document > 0) {
            text.append(", document ").append(document);
            if (!objectRef.isEmpty()) {
                text.append(" (").append(objectRef).append(')');
            }
        }
        if (location != null) {
            text.append(", ").append(location);
        }
        if (!field.isRoot()) {
            text.append(", field ").append(field);
        }
        return text.append(": ").append(message).toString();
    }
}
