package io.github.istiocoredns.e2e.dns;

/** A Corefile token; a quoted token may span lines, from {@code line} to {@code endLine}. */
record Token(String text, int line, int endLine, boolean quoted) {

    boolean isOpen() {
        return !quoted && text.equals("{");
    }

    boolean isClose() {
        return !quoted && text.equals("}");
    }
}
