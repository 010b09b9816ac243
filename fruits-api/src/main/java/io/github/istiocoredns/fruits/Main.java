package io.github.istiocoredns.fruits;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts fruits-api from environment variables (see {@link AppSettings#fromEnvironment}) and
 * shuts it down gracefully on SIGTERM (a JVM shutdown hook).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        FruitsApp app;
        AppSettings settings;
        try {
            settings = AppSettings.fromEnvironment(System.getenv());
            app = FruitsApp.create(settings).start();
        } catch (RuntimeException e) {
            // a wrong variable or a busy port: say so in one line and exit non-zero
            StructuredLog.event("start-failed", Map.of("error", String.valueOf(e.getMessage())));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::shutdownGracefully, "graceful-shutdown"));
        StructuredLog.event("started", startupDetails(settings, app, startNanos));
    }

    private static Map<String, Object> startupDetails(AppSettings settings, FruitsApp app, long startNanos) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("port", app.port());
        details.put("appVersion", SpecialFruit.forAppVersion(settings.appVersion()).version());
        details.put("startupMs", Math.round((System.nanoTime() - startNanos) / 1_000_000.0));
        details.put("sinceJvmStartMs", ManagementFactory.getRuntimeMXBean().getUptime());
        // shows whether the JVM sized its heap from the container's memory limit
        details.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return details;
    }
}
