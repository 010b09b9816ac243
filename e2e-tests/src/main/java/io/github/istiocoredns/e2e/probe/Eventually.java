package io.github.istiocoredns.e2e.probe;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * "Eventually" checks on state that converges (caches expiring, servers starting): polls an observation until a
 * named condition accepts it, within a bound. On timeout the error names the condition, the bound, the number of
 * observations and the LAST observation (or the exception of the last attempt), which is what one needs to see.
 * Immutable; built on Awaitility, polling in the caller's thread.
 *
 * <pre>{@code
 * new Eventually(Duration.ofSeconds(35)).until("my-fruits.internal gets NXDOMAIN once removed",
 *         () -> probe.query("my-fruits.internal", "A"), DnsResult::isNxdomain);
 * }</pre>
 */
public final class Eventually {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private final Duration atMost;
    private final Duration pollInterval;
    private final int consecutiveSuccesses;

    public Eventually(Duration atMost) {
        this(atMost, DEFAULT_POLL_INTERVAL, 1);
    }

    private Eventually(Duration atMost, Duration pollInterval, int consecutiveSuccesses) {
        if (atMost.isNegative() || atMost.isZero()) {
            throw new IllegalArgumentException("atMost must be positive, got " + atMost);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
        if (consecutiveSuccesses < 1) {
            throw new IllegalArgumentException("consecutiveSuccesses must be at least 1, got " + consecutiveSuccesses);
        }
        this.atMost = atMost;
        this.pollInterval = pollInterval;
        this.consecutiveSuccesses = consecutiveSuccesses;
    }

    public Eventually withPollInterval(Duration newPollInterval) {
        return new Eventually(atMost, newPollInterval, consecutiveSuccesses);
    }

    /** Requires this many accepted observations in a row (for checks where one lucky answer proves nothing). */
    public Eventually withConsecutiveSuccesses(int count) {
        return new Eventually(atMost, pollInterval, count);
    }

    /**
     * Polls {@code observation} (first at once, then every poll interval) until {@code accepted} holds for it.
     * An exception thrown by {@code observation} counts as a rejected observation and is reported if it was the
     * last one.
     *
     * @return the accepted observation, with when it came
     * @throws ConditionNotMetError when the bound passes first
     */
    public <T> Observed<T> until(String condition, Supplier<T> observation, Predicate<? super T> accepted) {
        Objects.requireNonNull(condition, "condition");
        AtomicReference<Object> last = new AtomicReference<>("nothing (no observation was made)");
        AtomicReference<T> acceptedValue = new AtomicReference<>();
        AtomicInteger observations = new AtomicInteger();
        AtomicInteger streak = new AtomicInteger();
        long started = System.nanoTime();
        try {
            await(condition).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval).pollInSameThread()
                    .until(() -> {
                        observations.incrementAndGet();
                        try {
                            T value = observation.get();
                            last.set(value);
                            if (!accepted.test(value)) {
                                streak.set(0);
                                return false;
                            }
                            acceptedValue.set(value);
                            return streak.incrementAndGet() >= consecutiveSuccesses;
                        } catch (RuntimeException failure) {
                            last.set(failure);
                            streak.set(0);
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException timeout) {
            throw new ConditionNotMetError(condition, atMost, observations.get(), describe(last.get()), timeout);
        }
        return new Observed<>(acceptedValue.get(), Duration.ofNanos(System.nanoTime() - started), observations.get());
    }

    /**
     * An accepted observation.
     *
     * @param value what was observed
     * @param after from the start of the check to the observation that completed it
     * @param observations how many observations were made in all
     */
    public record Observed<T>(T value, Duration after, int observations) {
    }

    /** The condition did not hold within the bound. */
    public static final class ConditionNotMetError extends AssertionError {

        private final String lastObservation;

        ConditionNotMetError(String condition, Duration atMost, int observations, String lastObservation, Throwable cause) {
            super("Condition '" + condition + "' not met within " + atMost.toMillis() + " ms (" + observations
                    + " observations); last observation: " + lastObservation, cause);
            this.lastObservation = lastObservation;
        }

        public String lastObservation() {
            return lastObservation;
        }
    }

    private static String describe(Object observation) {
        if (observation instanceof Throwable failure) {
            return "failed with " + failure;
        }
        return String.valueOf(observation);
    }

    @Override
    public String toString() {
        return "Eventually[atMost " + atMost + ", every " + pollInterval + ", " + consecutiveSuccesses + " in a row]";
    }
}
