package io.github.istiocoredns.e2e.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.SystemProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void noPropertyNoDeadline() {
        assertThat(SystemProperties.with(Deadline.PROPERTY, null, () -> Deadline.fromSystemProperties(START))).isEmpty();
        assertThat(Deadline.parse(" ", START)).isEmpty();
    }

    @Test
    void passesOnceTheMinutesAreOverAndSaysByHowMuch() {
        Deadline deadline = SystemProperties.with(Deadline.PROPERTY, "95", () -> Deadline.fromSystemProperties(START)).orElseThrow();

        assertThat(deadline.budget()).isEqualTo(Duration.ofMinutes(95));
        assertThat(deadline.passed(START.plus(Duration.ofMinutes(94)))).isEmpty();
        assertThat(deadline.passed(START.plus(Duration.ofMinutes(95)).plusSeconds(12))).hasValue(
                "deadline: 95 min after the tier started (-Dconformance.deadlineMinutes=95) passed 12 s ago; this variant was not started");
    }

    @Test
    void refusesWhatIsNotWholeMinutes() {
        for (String bad : new String[] {"0", "-5", "1.5", "95m", "PT95M"}) {
            assertThatThrownBy(() -> Deadline.parse(bad, START)).as(bad).hasMessageContaining("-Dconformance.deadlineMinutes=" + bad)
                    .hasMessageContaining("whole minutes");
        }
    }
}
