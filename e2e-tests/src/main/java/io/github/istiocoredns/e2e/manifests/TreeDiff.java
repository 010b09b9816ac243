package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Field-by-field differences between two trees. Numbers compare by value (an int and a long holding
 * 80 are equal); a number and a string never do, because Kubernetes does not treat them alike.
 */
public final class TreeDiff {

    private TreeDiff() {
    }

    public static List<TreeDifference> between(JsonNode before, JsonNode after) {
        List<TreeDifference> differences = new ArrayList<>();
        compare(FieldPath.root(), before, after, differences);
        return differences;
    }

    private static void compare(FieldPath path, JsonNode before, JsonNode after, List<TreeDifference> out) {
        if (before.isObject() && after.isObject()) {
            compareObjects(path, before, after, out);
        } else if (before.isArray() && after.isArray()) {
            compareArrays(path, before, after, out);
        } else if (!sameValue(before, after)) {
            out.add(new TreeDifference(path, before, after));
        }
    }

    private static void compareObjects(FieldPath path, JsonNode before, JsonNode after, List<TreeDifference> out) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            FieldPath field = path.child(name);
            if (!after.has(name)) {
                out.add(new TreeDifference(field, before.get(name), null));
            } else if (!before.has(name)) {
                out.add(new TreeDifference(field, null, after.get(name)));
            } else {
                compare(field, before.get(name), after.get(name), out);
            }
        }
    }

    private static void compareArrays(FieldPath path, JsonNode before, JsonNode after, List<TreeDifference> out) {
        Iterator<JsonNode> left = before.elements();
        Iterator<JsonNode> right = after.elements();
        for (int i = 0; left.hasNext() || right.hasNext(); i++) {
            FieldPath element = path.index(i);
            if (!right.hasNext()) {
                out.add(new TreeDifference(element, left.next(), null));
            } else if (!left.hasNext()) {
                out.add(new TreeDifference(element, null, right.next()));
            } else {
                compare(element, left.next(), right.next(), out);
            }
        }
    }

    private static boolean sameValue(JsonNode before, JsonNode after) {
        if (before.isNumber() && after.isNumber()) {
            return before.decimalValue().compareTo(after.decimalValue()) == 0;
        }
        return before.equals(after);
    }
}
