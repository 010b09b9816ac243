package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path to a field inside one YAML document, printed the way people write it in Kubernetes
 * ({@code spec.template.spec.containers[0].image}, {@code metadata.annotations['sidecar.istio.io/inject']}).
 */
public final class FieldPath {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final FieldPath ROOT = new FieldPath(List.of());

    private final List<Object> segments;

    private FieldPath(List<Object> segments) {
        this.segments = List.copyOf(segments);
    }

    public static FieldPath root() {
        return ROOT;
    }

    /** Parses a JSON Pointer ({@code /spec/ports/0}); all-digit segments are read as list indices. */
    public static FieldPath ofPointer(String pointer) {
        FieldPath path = ROOT;
        for (JsonPointer p = JsonPointer.compile(pointer); !p.matches(); p = p.tail()) {
            path = p.getMatchingIndex() >= 0 ? path.index(p.getMatchingIndex()) : path.child(p.getMatchingProperty());
        }
        return path;
    }

    /** The path Jackson reports for a mapping failure, without the Java class names. */
    public static FieldPath of(JsonMappingException e) {
        FieldPath path = ROOT;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path = path.child(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path = path.index(ref.getIndex());
            }
        }
        return path;
    }

    public FieldPath child(String name) {
        return append(name);
    }

    public FieldPath index(int index) {
        return append(index);
    }

    /** This path followed by {@code relative}. */
    public FieldPath resolve(FieldPath relative) {
        List<Object> longer = new ArrayList<>(segments);
        longer.addAll(relative.segments);
        return new FieldPath(longer);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public FieldPath parent() {
        return isRoot() ? this : new FieldPath(segments.subList(0, segments.size() - 1));
    }

    public boolean startsWith(FieldPath prefix) {
        return segments.size() >= prefix.segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /** The last field name, or the index as text for a list element; empty for the root. */
    public String lastName() {
        return isRoot() ? "" : String.valueOf(segments.get(segments.size() - 1));
    }

    public String toPointer() {
        StringBuilder pointer = new StringBuilder();
        for (Object segment : segments) {
            pointer.append('/').append(String.valueOf(segment).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private FieldPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new FieldPath(longer);
    }

    @Override
    public String toString() {
        if (isRoot()) {
            return "(document root)";
        }
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (PLAIN_NAME.matcher((String) segment).matches()) {
                text.append(text.length() == 0 ? "" : ".").append(segment);
            } else {
                text.append("['").append(segment).append("']");
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath that && segments.equals(that.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
