package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppSettingsTest {

    @Test
    void defaultsMatchTheOriginalDeployment() {
        AppSettings settings = AppSettings.fromEnvironment(Map.of());
        assertThat(settings.port()).isEqualTo(3000);
        assertThat(settings.appVersion()).isNull();
        assertThat(settings.drainDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.stopTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.slowTestRoute()).isFalse();
    }

    @Test
    void readsEveryVariable() {
        AppSettings settings = AppSettings.fromEnvironment(Map.of(
                "PORT", "8080", "app_version", "2", "SHUTDOWN_DRAIN_MS", "500", "SHUTDOWN_TIMEOUT_MS", "7000"));
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.appVersion()).isEqualTo("2");
        assertThat(settings.drainDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.stopTimeout()).isEqualTo(Duration.ofMillis(7000));
    }

    @Test
    void neverEnablesTheTestRouteFromTheEnvironment() {
        assertThat(AppSettings.fromEnvironment(Map.of("SLOW_TEST_ROUTE", "true")).slowTestRoute()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"PORT, abc", "PORT, -1", "PORT, 3.5", "SHUTDOWN_DRAIN_MS, soon", "SHUTDOWN_TIMEOUT_MS, -5"})
    void namesTheVariableAndTheValueItRejects(String variable, String value) {
        assertThatThrownBy(() -> AppSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void rejectsPortsOutsideTheTcpRange() {
        assertThatThrownBy(() -> AppSettings.fromEnvironment(Map.of("PORT", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be 0..65535, was 70000");
    }
}
