package io.github.istiocoredns.fruits;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An error answer in restify's shape {@code {"code":...,"message":...}}.
 *
 * <p>Codes follow restify-errors 8 (lib/helpers.js): the Node status text in CamelCase without a
 * trailing "Error", e.g. 414 "URI Too Long" gives "UriTooLong".
 *
 * <p>{@code fromRouter} tells where restify raised it. Errors of the router (404 unknown path, 405)
 * and of the middleware before {@code fullResponse} carry none of the full-response headers
 * (Request-Id, Response-Time, Content-MD5); errors raised by a route handler carry them. Seen on the
 * original: `curl -i /nope` has no Request-Id, `curl -i /api/fruits/fr` has one.
 */
public final class ApiError extends RuntimeException {

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "BadRequest"),
            Map.entry(404, "NotFound"),
            Map.entry(405, "MethodNotAllowed"),
            Map.entry(406, "NotAcceptable"),
            Map.entry(408, "RequestTimeout"),
            Map.entry(413, "PayloadTooLarge"),
            Map.entry(414, "UriTooLong"),
            Map.entry(415, "UnsupportedMediaType"),
            Map.entry(431, "RequestHeaderFieldsTooLarge"),
            Map.entry(500, "InternalServer"),
            Map.entry(501, "NotImplemented"),
            Map.entry(503, "ServiceUnavailable"),
            Map.entry(505, "HttpVersionNotSupported"));

    private final int status;
    private final String code;
    private final boolean withFullResponseHeaders;

    private ApiError(int status, String code, String message, boolean withFullResponseHeaders) {
        super(message, null, false, false); // no stack trace: this is an answer, not a failure
        this.status = status;
        this.code = code;
        this.withFullResponseHeaders = withFullResponseHeaders;
    }

    /** 404 raised by a route handler (country or fruit unknown). */
    public static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message, true);
    }

    /** 404 of restify's router for a path that no route matches. */
    public static ApiError resourceNotFound(String sanitizedPath) {
        return new ApiError(404, "ResourceNotFound", sanitizedPath + " does not exist", false);
    }

    /** 405 of restify's router: the path exists for other methods. */
    public static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "MethodNotAllowed", method + " is not allowed", false);
    }

    /** 406 of restify's acceptParser. */
    public static ApiError notAcceptable(String message) {
        return new ApiError(406, "NotAcceptable", message, false);
    }

    /** 400 of restify's authorizationParser. */
    public static ApiError invalidHeader(String message) {
        return new ApiError(400, "InvalidHeader", message, false);
    }

    /** Any status, with the restify-errors code for it (used for errors Jetty raises itself). */
    public static ApiError ofStatus(int status, String message) {
        return new ApiError(status, codeFor(status), message, false);
    }

    /** restify-errors' code; for statuses outside the table, derived the same way from Jetty's status text. */
    static String codeFor(int status) {
        String known = CODES.get(status);
        if (known != null) {
            return known;
        }
        String reason = HttpStatus.getMessage(status);
        if (reason == null || reason.equals(String.valueOf(status))) {
            return status >= 500 ? "InternalServer" : "BadRequest";
        }
        StringBuilder code = new StringBuilder();
        for (String word : reason.split(" ")) {
            if (!word.isEmpty()) {
                code.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return code.toString().replaceAll("\\W+", "").replaceAll("Error$", "");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean withFullResponseHeaders() {
        return withFullResponseHeaders;
    }

    /** The body, as restify serialises it. */
    public String body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", getMessage());
        return JsJson.stringify(body);
    }
}
