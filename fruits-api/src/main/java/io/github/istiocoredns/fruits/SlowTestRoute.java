package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * {@code GET /test/slow?ms=N}: answers after N ms, so that tests can hold a request in flight
 * while the server stops. Registered only with {@link AppSettings#slowTestRoute()}, which the
 * environment never sets.
 */
final class SlowTestRoute {

    /** Longest wait accepted, so a test cannot hang the server. */
    static final long MAX_MS = 10_000;

    private SlowTestRoute() {
    }

    static void handle(Context ctx) {
        long millis = Math.min(MAX_MS, Math.max(0, wholeNumberParam(ctx, "ms")));
        FruitsApp.sleep(Duration.ofMillis(millis));
        RestifyResponse.sendFromHandler(ctx, 200, "{\"sleptMs\":" + millis + "}");
    }

    private static long wholeNumberParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.ofStatus(400, "query parameter " + name + " must be a whole number, was '" + value + "'");
        }
    }
}
