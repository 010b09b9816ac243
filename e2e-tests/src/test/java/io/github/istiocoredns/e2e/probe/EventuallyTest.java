package io.github.istiocoredns.e2e.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    private static final Eventually FAST = new Eventually(Duration.ofSeconds(2)).withPollInterval(Duration.ofMillis(10));

    @Test
    void returnsTheFirstAcceptedObservation() {
        AtomicInteger counter = new AtomicInteger();

        Eventually.Observed<Integer> observed = FAST.until("counter reaches 3", counter::incrementAndGet, n -> n >= 3);

        assertThat(observed.value()).isEqualTo(3);
        assertThat(observed.observations()).isEqualTo(3);
        assertThat(observed.after()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aTimeoutNamesTheConditionAndTheLastObservation() {
        AtomicInteger counter = new AtomicInteger();

        assertThatThrownBy(() -> new Eventually(Duration.ofMillis(200)).withPollInterval(Duration.ofMillis(20))
                .until("counter goes negative", counter::incrementAndGet, n -> n < 0))
                .isInstanceOfSatisfying(Eventually.ConditionNotMetError.class, e -> {
                    assertThat(e.getMessage()).startsWith("Condition 'counter goes negative' not met within 200 ms (");
                    assertThat(e.lastObservation()).isEqualTo(String.valueOf(counter.get()));
                });
    }

    @Test
    void anExceptionIsAnObservationAndIsReportedWhenLast() {
        assertThatThrownBy(() -> new Eventually(Duration.ofMillis(100)).withPollInterval(Duration.ofMillis(20))
                .until("server answers", () -> {
                    throw new IllegalStateException("connection refused");
                }, any -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("last observation: failed with java.lang.IllegalStateException: connection refused");
    }

    @Test
    void recoversFromExceptionsBeforeTheBound() {
        AtomicInteger attempts = new AtomicInteger();

        Eventually.Observed<String> observed = FAST.until("third attempt succeeds", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        }, "ok"::equals);

        assertThat(observed.value()).isEqualTo("ok");
    }

    @Test
    void consecutiveSuccessesRestartAfterARejection() {
        List<Boolean> script = List.of(true, false, true, true, false);
        AtomicInteger index = new AtomicInteger();

        Eventually.Observed<Boolean> observed = FAST.withConsecutiveSuccesses(2)
                .until("two in a row", () -> script.get(index.getAndIncrement()), Boolean::booleanValue);

        assertThat(observed.observations()).isEqualTo(4);
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new Eventually(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FAST.withConsecutiveSuccesses(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
