package io.github.istiocoredns.fruits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS as restify-cors-middleware 1.1.1 does it for the original's options
 * {@code {preflightMaxAge: 5, origins: ['*'], allowHeaders: ['x-api-key'], exposeHeaders: ['x-api-key-expiry']}}
 * (sources: src/index.js, src/preflight.js, src/actual.js, src/constants.js, src/origin-matcher.js).
 *
 * <p>Quirks kept: with origins ['*'] the middleware echoes the request's Origin (never "*") and
 * sends {@code Access-Control-Allow-Credentials: true} on preflights only; the library appends its
 * default header lists to the configured ones; header names are lower case as the library writes
 * them. The preflight runs before routing (restify {@code pre}), so it answers 204 for any path;
 * the actual-request headers are added only on matched routes (restify {@code use}).
 */
public final class CorsPolicy {

    static final int PREFLIGHT_MAX_AGE_SECONDS = 5;

    /** Configured 'x-api-key' followed by constants.ALLOW_HEADERS. */
    static final List<String> ALLOW_HEADERS = List.of("x-api-key", "accept", "accept-version", "content-type",
            "request-id", "origin", "x-api-version", "x-request-id", "x-requested-with");

    /** Configured 'x-api-key-expiry' followed by constants.EXPOSE_HEADERS. */
    static final List<String> EXPOSE_HEADERS = List.of("x-api-key-expiry", "api-version", "content-length",
            "content-md5", "content-type", "date", "request-id", "response-time");

    private CorsPolicy() {
    }

    /**
     * preflight.js: an OPTIONS request with an Origin that matches (with '*' any non-empty one)
     * and a non-empty Access-Control-Request-Method.
     */
    public static boolean isPreflight(String method, String origin, String requestedMethod) {
        return "OPTIONS".equals(method) && isAllowedOrigin(origin) && requestedMethod != null && !requestedMethod.isEmpty();
    }

    /** Headers of the 204 preflight answer, in the library's order. */
    public static Map<String, String> preflightHeaders(String origin, String requestedMethod) {
        return orderedHeaders(
                "access-control-allow-origin", origin,
                "access-control-allow-credentials", "true",
                "access-control-max-age", String.valueOf(PREFLIGHT_MAX_AGE_SECONDS),
                "access-control-allow-methods", requestedMethod + ", OPTIONS",
                "access-control-allow-headers", String.join(", ", ALLOW_HEADERS));
    }

    /** actual.js: headers for a matched request with an Origin; none without one. */
    public static Map<String, String> actualRequestHeaders(String origin) {
        if (!isAllowedOrigin(origin)) {
            return Map.of();
        }
        return orderedHeaders(
                "access-control-allow-origin", origin,
                "vary", "origin",
                "access-control-expose-headers", String.join(", ", EXPOSE_HEADERS));
    }

    /** origin-matcher.js turns '*' into the regex ^.*$, which matches any non-empty origin. */
    private static boolean isAllowedOrigin(String origin) {
        return origin != null && !origin.isEmpty();
    }

    private static Map<String, String> orderedHeaders(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(headers);
    }
}
