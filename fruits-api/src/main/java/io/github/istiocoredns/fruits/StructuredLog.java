package io.github.istiocoredns.fruits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on stdout, for log collectors: the access log (one line per request)
 * and lifecycle events (started, shutting down, stopped).
 */
public final class StructuredLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile PrintStream out = System.out;

    private StructuredLog() {
    }

    /** One access-log line. */
    public static void request(String method, String path, int status, long durationMillis, String requestId) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("type", "access");
        line.put("method", method);
        line.put("path", path);
        line.put("status", status);
        line.put("durationMs", durationMillis);
        line.put("requestId", requestId);
        write(line);
    }

    /** One lifecycle line, e.g. event "started" with the port and the startup time. */
    public static void event(String event, Map<String, Object> details) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("type", "event");
        line.put("event", event);
        line.putAll(details);
        write(line);
    }

    /** Where lines go; tests redirect it to read the lines back. */
    static void redirectTo(PrintStream stream) {
        out = stream;
    }

    private static void write(Map<String, Object> line) {
        try {
            out.println(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            // a map of strings and numbers always serialises; keep the request alive regardless
            out.println("{\"type\":\"log-error\",\"message\":" + JsJson.string(String.valueOf(e.getMessage())) + "}");
        }
    }
}
