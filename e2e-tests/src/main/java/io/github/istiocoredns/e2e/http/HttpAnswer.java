package io.github.istiocoredns.e2e.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code curl -s -D - -o - -w '\n%{http_code}' URL} printed in the client pod: the response headers, the body, then
 * a line with the status ({@code 000} when no response came). curl's exit status says why there was none (6 name not
 * resolved, 7 no connection, 28 timeout, 52 empty reply, 56 connection reset).
 *
 * <p>The headers tell who answered. A client sidecar's outbound Envoy overwrites {@code server} with {@code envoy}
 * (Istio: pilot/pkg/networking/util/proxy_headers.go, outbound keeps Envoy's default server name) and adds
 * {@code x-envoy-upstream-service-time} to a response it got from an upstream; a response Envoy makes itself, such as
 * the HTTP 502 of Istio's {@code block_all} route under REGISTRY_ONLY (pilot/pkg/networking/core/httproute.go,
 * direct_response status 502, no body), has no upstream time.
 *
 * @param headers response header names in lower case, the last value of each
 */
public record HttpAnswer(int status, Map<String, String> headers, String body, int curlExit) {

    public static final String UPSTREAM_TIME = "x-envoy-upstream-service-time";
    private static final String SERVER = "server";

    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    public static HttpAnswer parse(ExecResult result) {
        if (!result.finished()) {
            return new HttpAnswer(0, Map.of(), "", -1);
        }
        String out = result.stdout();
        int lastBreak = out.lastIndexOf('\n');
        String statusText = (lastBreak < 0 ? out : out.substring(lastBreak + 1)).strip();
        String rest = lastBreak < 0 ? "" : out.substring(0, lastBreak);
        int status = statusText.matches("\\d{3}") ? Integer.parseInt(statusText) : 0;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = rest;
        if (rest.startsWith("HTTP/")) {
            int end = rest.indexOf("\r\n\r\n");
            String block = end < 0 ? rest : rest.substring(0, end);
            body = end < 0 ? "" : rest.substring(end + 4);
            for (String line : block.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("HTTP/")) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
        }
        return new HttpAnswer(status, headers, body, result.exitCode());
    }

    /** A response with this status and exactly this body. */
    public boolean is(int expectedStatus, String expectedBody) {
        return status == expectedStatus && body.equals(expectedBody);
    }

    public boolean responded() {
        return status > 0;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The response came from an upstream through an Envoy (its router timed the upstream). */
    public boolean throughEnvoy() {
        return header(UPSTREAM_TIME).isPresent();
    }

    /**
     * Envoy's own refusal of a request it has no route for: HTTP 502 made by Envoy itself (server envoy, no body, no
     * upstream time), as Istio's block_all route answers under REGISTRY_ONLY. A 502 or 503 from an upstream, or
     * Envoy's 503 after a failed connection (with a body naming the reset), is not a refusal.
     */
    public boolean refusedByEnvoy() {
        return status == 502 && body.isEmpty() && !throughEnvoy() && header(SERVER).map(s -> s.toLowerCase(Locale.ROOT).contains("envoy")).orElse(false);
    }

    @Override
    public String toString() {
        if (!responded()) {
            return "no HTTP response (" + reason() + ")";
        }
        String who = header(SERVER).map(s -> " (server: " + s + (throughEnvoy() ? ", " + UPSTREAM_TIME + ": " + headers.get(UPSTREAM_TIME) : "") + ")")
                .orElse("");
        String shown = body.isEmpty() ? "(empty body)" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return "HTTP " + status + who + " " + shown;
    }

    private String reason() {
        return switch (curlExit) {
            case -1 -> "curl did not finish";
            case 6 -> "curl exit 6: could not resolve host";
            case 7 -> "curl exit 7: could not connect";
            case 28 -> "curl exit 28: timed out";
            case 52 -> "curl exit 52: empty reply";
            case 56 -> "curl exit 56: connection reset";
            default -> "curl exit " + curlExit;
        };
    }
}
