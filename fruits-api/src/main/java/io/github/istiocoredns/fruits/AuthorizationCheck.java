package io.github.istiocoredns.fruits;

import java.util.Locale;
import java.util.Optional;

/**
 * restify's authorizationParser (restify 8.4 lib/plugins/authorization.js), which the original
 * runs on every matched request although no route uses credentials. It rejects some malformed
 * Authorization headers with 400 InvalidHeader; any other scheme (e.g. Bearer) passes.
 *
 * <p>Not reproduced: the "Signature" scheme, which the original verifies with http-signature and
 * rejects with that library's message; here it passes like any other scheme.
 */
public final class AuthorizationCheck {

    static final String NO_CREDENTIALS = "BasicAuth content is invalid.";
    static final String INVALID = "Authorization header invalid";

    private AuthorizationCheck() {
    }

    /** The 400 answer for this header, or empty when restify would let the request through. */
    public static Optional<ApiError> rejection(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isEmpty()) {
            return Optional.empty();
        }
        int space = authorizationHeader.indexOf(' ');
        if (space < 0) {
            // JavaScript header.split(' ', 2) gave one piece
            return Optional.of(ApiError.invalidHeader(NO_CREDENTIALS));
        }
        String scheme = authorizationHeader.substring(0, space);
        String credentials = secondPiece(authorizationHeader.substring(space + 1));
        if (scheme.toLowerCase(Locale.ROOT).equals("basic") && !NodeBase64.decodesToAnyByte(credentials)) {
            return Optional.of(ApiError.invalidHeader(INVALID));
        }
        return Optional.empty();
    }

    /** split(' ', 2)[1]: the text up to the next space. */
    private static String secondPiece(String afterFirstSpace) {
        int nextSpace = afterFirstSpace.indexOf(' ');
        return nextSpace < 0 ? afterFirstSpace : afterFirstSpace.substring(0, nextSpace);
    }

    /**
     * Node's lenient base64 decoding ({@code Buffer.from(s, 'base64')}): characters outside the
     * base64 and base64url alphabets are skipped and decoding stops at the first '='. Two
     * alphabet characters make at least one byte; restify rejects credentials that make none.
     * Checked on Node 12: "=YWJj" and "Y" decode to nothing, "!!!Y!W" to "a".
     */
    static final class NodeBase64 {

        private NodeBase64() {
        }

        static boolean decodesToAnyByte(String text) {
            int alphabetCharacters = 0;
            for (int i = 0; i < text.length() && text.charAt(i) != '='; i++) {
                if (isAlphabet(text.charAt(i))) {
                    alphabetCharacters++;
                }
            }
            return alphabetCharacters >= 2;
        }

        private static boolean isAlphabet(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '-' || c == '_';
        }
    }
}
