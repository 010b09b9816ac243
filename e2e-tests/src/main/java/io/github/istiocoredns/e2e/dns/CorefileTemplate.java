package io.github.istiocoredns.e2e.dns;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Corefile (or any text) with named placeholders written {@code ${NAME}}, the envsubst syntax, so
 * that a reader can also fill them by hand. Rendering fails on a placeholder without a value and on a
 * value for a placeholder the text does not have: a typo in either name cannot go unnoticed.
 */
public final class CorefileTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String source;
    private final String text;

    public CorefileTemplate(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** The placeholder names, in order of first appearance. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    public String render(Map<String, String> values) {
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(placeholders());
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(source + " has no placeholder " + unused
                    + "; its placeholders are " + placeholders());
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(source + ", line " + lineOf(matcher.start()) + ": no value given for ${"
                        + matcher.group(1) + "}");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    private int lineOf(int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
