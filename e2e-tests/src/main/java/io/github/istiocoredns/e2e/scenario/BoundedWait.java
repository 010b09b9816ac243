package io.github.istiocoredns.e2e.scenario;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition at a fixed interval until it holds or the time is up: bounded in time and count. */
final class BoundedWait {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private BoundedWait() {
    }

    /** Whether {@code condition} held within {@code timeout}. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rounds = Math.max(1, timeout.toMillis() / INTERVAL.toMillis() + 1);
        for (long round = 0; round < rounds; round++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
