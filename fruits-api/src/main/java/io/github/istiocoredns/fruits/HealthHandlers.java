package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes for Kubernetes, which the original did not have. Liveness stays 200 while the process
 * serves; readiness turns 503 as soon as shutdown begins, so that endpoints drop the pod before
 * Jetty stops accepting connections.
 */
public final class HealthHandlers {

    static final String LIVE_BODY = "{\"status\":\"ok\"}";
    static final String READY_BODY = "{\"status\":\"ready\"}";

    private final AtomicBoolean shuttingDown = new AtomicBoolean(false);

    /** GET /healthz */
    public void liveness(Context ctx) {
        RestifyResponse.sendFromHandler(ctx, 200, LIVE_BODY);
    }

    /** GET /readyz */
    public void readiness(Context ctx) {
        if (shuttingDown.get()) {
            ApiError draining = ApiError.ofStatus(503, "shutting down");
            RestifyResponse.sendFromHandler(ctx, draining.status(), draining.body());
        } else {
            RestifyResponse.sendFromHandler(ctx, 200, READY_BODY);
        }
    }

    /** From now on /readyz answers 503. */
    public void markShuttingDown() {
        shuttingDown.set(true);
    }

    public boolean isReady() {
        return !shuttingDown.get();
    }
}
