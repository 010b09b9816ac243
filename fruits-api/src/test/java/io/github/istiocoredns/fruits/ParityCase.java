package io.github.istiocoredns.fruits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of the parity table: a request and everything the answer must show. Plain data, so the
 * same rows can run against an in-process server, a container image, or the original.
 *
 * @param name            what the row shows, for test reports
 * @param method          request method as sent (any token, e.g. "PROPFIND")
 * @param path            raw request target (path and query), sent without re-encoding
 * @param requestHeaders  extra request headers
 * @param status          expected status
 * @param body            expected body, compared as an exact string ("" for none)
 * @param headers         headers that must have exactly this value (names case-insensitive)
 * @param headerPatterns  headers whose value varies but must match the pattern (ids, times)
 * @param absentHeaders   headers that must not be sent
 * @param tags            where the expectation comes from, to pick subsets
 */
public record ParityCase(String name, String method, String path, Map<String, String> requestHeaders,
                         int status, String body, Map<String, String> headers,
                         Map<String, Pattern> headerPatterns, Set<String> absentHeaders, Set<Tag> tags) {

    /** Where a row's expectation comes from. */
    public enum Tag {
        /** Observed on the original (restify 8.4.0, restify-cors-middleware 1.1.1, Node 12). */
        ORIGINAL,
        /** A deliberate difference from the original; the row's name says what the original does. */
        DEVIATION,
        /** Not in the original at all (health endpoints). */
        ADDITION,
        /** Needs a server started with a particular app_version (see the special-fruit rows). */
        VERSIONED,
        /** Request bigger than usual (long URI, big header): some proxies reject it before the service. */
        OVERSIZED
    }

    static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    static final Pattern WHOLE_MILLIS = Pattern.compile("\\d+");
    static final Pattern HTTP_DATE = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    public ParityCase {
        requestHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(requestHeaders));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headerPatterns = Collections.unmodifiableMap(new LinkedHashMap<>(headerPatterns));
        absentHeaders = Collections.unmodifiableSet(new LinkedHashSet<>(absentHeaders));
        tags = tags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(tags));
    }

    /** A request with no expectation yet; chain the methods below. Tagged ORIGINAL until said otherwise. */
    public static ParityCase request(String name, String method, String path) {
        return new ParityCase(name, method, path, Map.of(), 0, "", Map.of(), Map.of(), Set.of(), EnumSet.of(Tag.ORIGINAL));
    }

    public ParityCase withHeader(String headerName, String value) {
        Map<String, String> more = new LinkedHashMap<>(requestHeaders);
        more.put(headerName, value);
        return new ParityCase(name, method, path, more, status, body, headers, headerPatterns, absentHeaders, tags);
    }

    /** A JSON answer as restify's formatter sends it: exact body, no charset, exact length, Server and Date. */
    public ParityCase json(int expectedStatus, String expectedBody) {
        return new ParityCase(name, method, path, requestHeaders, expectedStatus, expectedBody, headers, headerPatterns,
                absentHeaders, tags)
                .expectHeader("Content-Type", "application/json")
                .expectHeader("Content-Length", String.valueOf(expectedBody.getBytes(StandardCharsets.UTF_8).length))
                .expectHeader("Server", "fruits-api")
                .expectHeaderMatching("Date", HTTP_DATE);
    }

    /** An answer without body and without Content-Type (204, HEAD). */
    public ParityCase noBody(int expectedStatus) {
        return new ParityCase(name, method, path, requestHeaders, expectedStatus, "", headers, headerPatterns,
                absentHeaders, tags)
                .expectHeader("Server", "fruits-api")
                .expectHeaderMatching("Date", HTTP_DATE)
                .expectAbsent("Content-Type");
    }

    /** Answer of a route handler: restify's fullResponse headers (Content-MD5 of the body, Request-Id, Response-Time). */
    public ParityCase fullResponse() {
        return expectHeader("Content-MD5", md5Base64(body))
                .expectHeaderMatching("Request-Id", UUID_V4)
                .expectHeaderMatching("Response-Time", WHOLE_MILLIS);
    }

    /** Answer of restify's router or of middleware before fullResponse: none of its headers. */
    public ParityCase withoutFullResponse() {
        return expectAbsent("Content-MD5").expectAbsent("Request-Id").expectAbsent("Response-Time");
    }

    /** restify-cors-middleware's actual-request headers for this Origin. */
    public ParityCase corsActual(String origin) {
        return expectHeader("Access-Control-Allow-Origin", origin)
                .expectHeader("Vary", "origin")
                .expectHeader("Access-Control-Expose-Headers",
                        "x-api-key-expiry, api-version, content-length, content-md5, content-type, date, request-id, response-time")
                .expectAbsent("Access-Control-Allow-Credentials");
    }

    public ParityCase noCors() {
        return expectAbsent("Access-Control-Allow-Origin").expectAbsent("Access-Control-Expose-Headers").expectAbsent("Vary");
    }

    /** The header must have this value; replaces an earlier expectation for the same header. */
    public ParityCase expectHeader(String headerName, String value) {
        ParityCase cleared = withoutExpectationsFor(headerName);
        Map<String, String> more = new LinkedHashMap<>(cleared.headers);
        more.put(headerName, value);
        return new ParityCase(name, method, path, requestHeaders, status, body, more, cleared.headerPatterns,
                cleared.absentHeaders, tags);
    }

    /** The header must match the pattern; replaces an earlier expectation for the same header. */
    public ParityCase expectHeaderMatching(String headerName, Pattern pattern) {
        ParityCase cleared = withoutExpectationsFor(headerName);
        Map<String, Pattern> more = new LinkedHashMap<>(cleared.headerPatterns);
        more.put(headerName, pattern);
        return new ParityCase(name, method, path, requestHeaders, status, body, cleared.headers, more,
                cleared.absentHeaders, tags);
    }

    /** The header must not be sent; replaces an earlier expectation for the same header. */
    public ParityCase expectAbsent(String headerName) {
        ParityCase cleared = withoutExpectationsFor(headerName);
        Set<String> more = new LinkedHashSet<>(cleared.absentHeaders);
        more.add(headerName);
        return new ParityCase(name, method, path, requestHeaders, status, body, cleared.headers, cleared.headerPatterns,
                more, tags);
    }

    private ParityCase withoutExpectationsFor(String headerName) {
        Map<String, String> exact = new LinkedHashMap<>(headers);
        exact.keySet().removeIf(headerName::equalsIgnoreCase);
        Map<String, Pattern> patterns = new LinkedHashMap<>(headerPatterns);
        patterns.keySet().removeIf(headerName::equalsIgnoreCase);
        Set<String> absent = new LinkedHashSet<>(absentHeaders);
        absent.removeIf(headerName::equalsIgnoreCase);
        return new ParityCase(name, method, path, requestHeaders, status, body, exact, patterns, absent, tags);
    }

    public ParityCase named(String newName) {
        return new ParityCase(newName, method, path, requestHeaders, status, body, headers, headerPatterns, absentHeaders, tags);
    }

    /** Replaces the tags (e.g. DEVIATION instead of ORIGINAL). */
    public ParityCase tagged(Tag first, Tag... more) {
        return new ParityCase(name, method, path, requestHeaders, status, body, headers, headerPatterns, absentHeaders,
                EnumSet.of(first, more));
    }

    public boolean has(Tag tag) {
        return tags.contains(tag);
    }

    @Override
    public String toString() {
        return name;
    }

    static String md5Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
