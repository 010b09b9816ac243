package io.github.istiocoredns.e2e.manifests;

import java.nio.file.Path;
import java.util.List;

/**
 * manifests/fruits-api/intended-changes.yaml: which of our manifests derive from which of the
 * article's, and every intended difference with its reason.
 */
public record IntendedChanges(List<Comparison> comparisons) {

    /** @param ours and article are paths relative to the project root */
    public record Comparison(String ours, String article, List<Change> changes) {
    }

    /**
     * @param object "Kind/namespace/name" of the object changed
     * @param path a JSON Pointer into the object; the entry covers this field and everything below it
     */
    public record Change(String object, String path, String reason) {
    }

    public static IntendedChanges load(Path file, String source, StrictBinding binding) {
        return binding.bind(YamlDocumentReader.readSingle(file, source), IntendedChanges.class);
    }
}
