package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between two trees.
 *
 * @param before the value in the first tree, or null when the field is only in the second
 * @param after the value in the second tree, or null when the field is only in the first
 */
public record TreeDifference(FieldPath path, JsonNode before, JsonNode after) {

    public boolean isAddition() {
        return before == null;
    }

    public boolean isRemoval() {
        return after == null;
    }

    @Override
    public String toString() {
        if (isAddition()) {
            return path + ": added " + after;
        }
        if (isRemoval()) {
            return path + ": removed (was " + before + ")";
        }
        return path + ": " + before + " -> " + after;
    }
}
