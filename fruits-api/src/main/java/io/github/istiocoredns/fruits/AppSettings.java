package io.github.istiocoredns.fruits;

import java.time.Duration;
import java.util.Map;

/**
 * Everything the service can be told at start.
 *
 * @param port         TCP port; 0 picks a free one (tests)
 * @param appVersion   the original's {@code app_version}; null or empty means "1"
 * @param drainDelay   how long /readyz answers 503 before Jetty stops accepting connections
 * @param stopTimeout  how long Jetty waits for in-flight requests once it stops accepting
 * @param slowTestRoute whether {@code GET /test/slow?ms=N} exists; never set from the environment,
 *                      only tests of graceful shutdown use it
 */
public record AppSettings(int port, String appVersion, Duration drainDelay, Duration stopTimeout, boolean slowTestRoute) {

    public static final int DEFAULT_PORT = 3000;
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);

    public AppSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        requireNonNegative("drainDelay", drainDelay);
        requireNonNegative("stopTimeout", stopTimeout);
    }

    /**
     * Settings from environment variables: PORT (default 3000), app_version (as the original),
     * SHUTDOWN_DRAIN_MS (default 2000), SHUTDOWN_TIMEOUT_MS (default 20000).
     */
    public static AppSettings fromEnvironment(Map<String, String> env) {
        return new AppSettings(
                intVariable(env, "PORT", DEFAULT_PORT),
                env.get("app_version"),
                Duration.ofMillis(intVariable(env, "SHUTDOWN_DRAIN_MS", (int) DEFAULT_DRAIN_DELAY.toMillis())),
                Duration.ofMillis(intVariable(env, "SHUTDOWN_TIMEOUT_MS", (int) DEFAULT_STOP_TIMEOUT.toMillis())),
                false);
    }

    /** Defaults for tests: a free port, no drain delay, a short stop timeout. */
    public static AppSettings forTests(String appVersion) {
        return new AppSettings(0, appVersion, Duration.ZERO, Duration.ofSeconds(10), false);
    }

    public AppSettings withSlowTestRoute() {
        return new AppSettings(port, appVersion, drainDelay, stopTimeout, true);
    }

    public AppSettings withDrainDelay(Duration delay) {
        return new AppSettings(port, appVersion, delay, stopTimeout, slowTestRoute);
    }

    private static int intVariable(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException("negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "environment variable " + name + " must be a non-negative whole number, was '" + value + "'", e);
        }
    }

    private static void requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
        }
    }
}
