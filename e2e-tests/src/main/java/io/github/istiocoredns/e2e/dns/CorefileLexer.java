package io.github.istiocoredns.e2e.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Corefile into tokens as Caddy's lexer does: whitespace separates, "#" starts a comment
 * that runs to the end of the line, double quotes group (with \" as an escaped quote).
 */
final class CorefileLexer {

    private CorefileLexer() {
    }

    static List<Token> tokens(String source, String text) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int line = 1;
        int tokenLine = 1;
        boolean quoted = false;
        boolean comment = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    value.append(c);
                }
                continue;
            }
            if (c == '\n') {
                comment = false;
            }
            if (comment) {
                continue;
            }
            if (Character.isWhitespace(c) || c == '#') {
                if (value.length() > 0 || wasQuoted) {
                    tokens.add(new Token(value.toString(), tokenLine, line, wasQuoted));
                    value.setLength(0);
                    wasQuoted = false;
                }
                comment = c == '#';
                line += c == '\n' ? 1 : 0;
                continue;
            }
            if (value.length() == 0 && !wasQuoted) {
                tokenLine = line;
            }
            if (c == '"' && value.length() == 0) {
                quoted = true;
                wasQuoted = true;
                continue;
            }
            value.append(c);
        }
        if (quoted) {
            throw new CorefileSyntaxException(source, tokenLine, "", "quoted text starting here is never closed");
        }
        if (value.length() > 0 || wasQuoted) {
            tokens.add(new Token(value.toString(), tokenLine, line, wasQuoted));
        }
        return tokens;
    }
}
