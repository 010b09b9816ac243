package io.github.istiocoredns.e2e.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Corefile the way CoreDNS's (Caddy-derived) parser reads its structure: server block keys
 * up to a "{", one directive per line with its arguments, nested blocks, "#" comments, quoted
 * tokens. It checks what any CoreDNS version would reject before looking at plugins: unbalanced
 * braces and server block keys that are not zones. Whether a plugin exists in a given CoreDNS
 * version is not decided here; the corefile tier measures that with the real releases.
 */
public final class CorefileParser {

    private static final Pattern KEY = Pattern.compile("(?:(?<scheme>[A-Za-z0-9+.-]+)://)?(?<zone>[^:]*)(?::(?<port>.*))?");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final List<String> SCHEMES = List.of("dns", "tls", "grpc", "https", "quic");

    private final String source;
    private final List<Token> tokens;
    private int next;

    private CorefileParser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    public static Corefile parse(String source, String text) {
        return new CorefileParser(source, CorefileLexer.tokens(source, text)).corefile();
    }

    private Corefile corefile() {
        List<ServerBlock> blocks = new ArrayList<>();
        List<Directive> imports = new ArrayList<>();
        while (hasNext()) {
            if (peek().text().equals("import")) {
                imports.add(directive());
            } else {
                blocks.add(serverBlock());
            }
        }
        return new Corefile(source, blocks, imports);
    }

    private ServerBlock serverBlock() {
        int line = peek().line();
        List<Token> keyTokens = new ArrayList<>();
        while (hasNext() && !peek().isOpen()) {
            Token token = take();
            if (token.isClose()) {
                throw error(token.line(), "", "'}' closes nothing (no block is open here)");
            }
            keyTokens.add(token);
        }
        if (keyTokens.isEmpty()) {
            throw error(line, "", "'{' has no server block key before it (a zone such as internal:53)");
        }
        String keysText = String.join(" ", keyTokens.stream().map(Token::text).toList());
        if (!hasNext()) {
            throw error(line, "server block '" + keysText + "'", "no '{' follows the server block key");
        }
        if (isSnippet(keyTokens)) {
            Token open = take();
            return new ServerBlock(List.of(), block(open, "snippet " + keysText), line);
        }
        List<ZoneKey> keys = new ArrayList<>();
        for (Token token : keyTokens) {
            for (String key : token.text().split(",")) {
                if (!key.isEmpty()) {
                    keys.add(zoneKey(key, token.line()));
                }
            }
        }
        Token open = take();
        return new ServerBlock(keys, block(open, "server block '" + keysText + "'"), line);
    }

    /** The directives up to the "}" that closes {@code open}. */
    private List<Directive> block(Token open, String what) {
        List<Directive> directives = new ArrayList<>();
        while (true) {
            if (!hasNext()) {
                throw error(open.line(), what, "'{' opened here is never closed");
            }
            if (peek().isClose()) {
                take();
                return directives;
            }
            if (peek().isOpen()) {
                throw error(peek().line(), what, "'{' without a directive before it");
            }
            directives.add(directive());
        }
    }

    private Directive directive() {
        Token name = take();
        List<String> arguments = new ArrayList<>();
        List<Directive> nested = List.of();
        while (hasNext() && peek().line() == lastLine() && !peek().isClose()) {
            Token token = take();
            if (token.isOpen()) {
                nested = block(token, "directive '" + name.text() + "'");
                break;
            }
            arguments.add(token.text());
        }
        return new Directive(name.text(), arguments, nested, name.line());
    }

    private ZoneKey zoneKey(String text, int line) {
        String element = "server block key '" + text + "'";
        Matcher matcher = KEY.matcher(text);
        if (!matcher.matches()) {
            throw error(line, element, "not a zone");
        }
        String scheme = matcher.group("scheme") == null ? "dns" : matcher.group("scheme").toLowerCase();
        if (!SCHEMES.contains(scheme)) {
            throw error(line, element, "unknown scheme '" + scheme + "://' (CoreDNS serves " + String.join(", ", SCHEMES) + ")");
        }
        String zone = matcher.group("zone");
        String zoneProblem = zoneProblem(zone);
        if (zoneProblem != null) {
            throw error(line, element, zoneProblem);
        }
        int port = 53;
        if (matcher.group("port") != null) {
            port = portOf(matcher.group("port"));
            if (port < 0) {
                throw error(line, element, "port '" + matcher.group("port") + "' is not a number from 1 to 65535");
            }
        }
        return new ZoneKey(text, scheme, zone.equals(".") || zone.endsWith(".") ? zone : zone + ".", port);
    }

    private static String zoneProblem(String zone) {
        if (zone.isEmpty()) {
            return "no zone before the port (write .:53 for the root zone)";
        }
        if (zone.equals(".")) {
            return null;
        }
        Matcher cidr = IPV4_CIDR.matcher(zone);
        if (cidr.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(cidr.group(i)) > 255) {
                    return "'" + zone + "' is not an IPv4 network";
                }
            }
            return Integer.parseInt(cidr.group(5)) > 32 ? "'" + zone + "' has a prefix length above 32" : null;
        }
        String name = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "zone '" + zone + "' has an empty label";
            }
            if (label.length() > 63 || !LABEL.matcher(label).matches()) {
                return "zone '" + zone + "' has an invalid label '" + label
                        + "' (letters, digits, '-' and '_', not starting or ending with '-')";
            }
        }
        return null;
    }

    private static int portOf(String text) {
        if (!text.matches("\\d{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    private static boolean isSnippet(List<Token> keys) {
        return keys.size() == 1 && keys.get(0).text().startsWith("(") && keys.get(0).text().endsWith(")");
    }

    private boolean hasNext() {
        return next < tokens.size();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private int lastLine() {
        return tokens.get(next - 1).endLine();
    }

    private CorefileSyntaxException error(int line, String element, String problem) {
        return new CorefileSyntaxException(source, line, element, problem);
    }
}
