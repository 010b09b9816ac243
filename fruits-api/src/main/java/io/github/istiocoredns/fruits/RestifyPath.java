package io.github.istiocoredns.fruits;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How restify 8.4 and its router find-my-way 2.x treat the request path, where it differs from
 * Javalin's router. All methods take the raw (still percent-encoded) path without the query.
 */
public final class RestifyPath {

    /** find-my-way's default maxParamLength (index.js: {@code opts.maxParamLength || 100}). */
    static final int MAX_PARAM_LENGTH = 100;

    private RestifyPath() {
    }

    /**
     * restify.pre.sanitizePath (lib/plugins/pre/prePath.js): runs of slashes become one and a
     * trailing slash goes. The 404 message quotes this form: {@code //nope//x/} gives
     * {@code "/nope/x does not exist"}.
     *
     * <p>Deliberate difference: the original's {@code strip} turns {@code //} into an empty path,
     * which fails an assertion in restify's router and crashes the Node process (seen with
     * restify 8.4.0 on Node 12). Here {@code //} is {@code /}.
     */
    public static String sanitize(String rawPath) {
        String collapsed = rawPath.replaceAll("/{2,}", "/");
        if (collapsed.length() > 1 && collapsed.endsWith("/")) {
            collapsed = collapsed.substring(0, collapsed.length() - 1);
        }
        return collapsed.isEmpty() ? "/" : collapsed;
    }

    /**
     * True when find-my-way can match no route for this path whatever the route table, because a
     * segment that would be a route parameter is unusable: longer than 100 characters (counted
     * encoded) or not decodable by decodeURIComponent (bad escape or invalid UTF-8). find-my-way
     * then returns null and restify answers 404 ResourceNotFound, even for other methods (no 405).
     * Our routes have no static segment that long or with a '%', so checking every segment is
     * the same as checking the parameter segments.
     */
    public static boolean defeatsRouter(String rawPath) {
        for (String segment : sanitize(rawPath).split("/")) {
            if (segment.length() > MAX_PARAM_LENGTH || !isDecodable(segment)) {
                return true;
            }
        }
        return false;
    }

    /** Whether JavaScript's decodeURIComponent accepts the text (strict UTF-8, well-formed escapes). */
    static boolean isDecodable(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length() * 3);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= encoded.length() || hex(encoded.charAt(i + 1)) < 0 || hex(encoded.charAt(i + 2)) < 0) {
                return false;
            }
            bytes.put((byte) (hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2))));
            i += 2;
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
