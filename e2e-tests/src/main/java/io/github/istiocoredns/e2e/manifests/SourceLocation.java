package io.github.istiocoredns.e2e.manifests;

/** A line and column in a source file, both counted from 1. */
public record SourceLocation(int line, int column) {

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
