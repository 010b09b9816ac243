package io.github.istiocoredns.e2e.dns;

/** A Corefile that CoreDNS could not even parse, located at its line and the element concerned. */
public class CorefileSyntaxException extends RuntimeException {

    private final String source;
    private final int line;
    private final String element;

    public CorefileSyntaxException(String source, int line, String element, String problem) {
        super(source + ", line " + line + (element.isEmpty() ? "" : ", " + element) + ": " + problem);
        this.source = source;
        this.line = line;
        this.element = element;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** The server block key or directive concerned (e.g. "server block key 'internal:fifty'"), or empty. */
    public String element() {
        return element;
    }
}
