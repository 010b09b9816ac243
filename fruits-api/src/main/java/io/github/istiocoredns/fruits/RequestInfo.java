package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * What the service remembers about one request: its id (restify's Request-Id is a fresh UUID v4,
 * lib/request.js getId; incoming ids are ignored) and when it started (for Response-Time and the
 * access log).
 */
public record RequestInfo(String id, long startNanos) {

    private static final String ATTRIBUTE = RequestInfo.class.getName();

    /** Records the start of a request; called first for every request Javalin handles. */
    public static RequestInfo begin(Context ctx) {
        RequestInfo info = new RequestInfo(UUID.randomUUID().toString(), System.nanoTime());
        ctx.attribute(ATTRIBUTE, info);
        return info;
    }

    /** The request's info; begins one if none was recorded (a failure before the first handler). */
    public static RequestInfo of(Context ctx) {
        RequestInfo info = ctx.attribute(ATTRIBUTE);
        return info != null ? info : begin(ctx);
    }

    /** Milliseconds since the start, rounded as restify's hrTimeDurationInMs does (Math.round). */
    public long elapsedMillis() {
        return Math.round((System.nanoTime() - startNanos) / 1_000_000.0);
    }
}
