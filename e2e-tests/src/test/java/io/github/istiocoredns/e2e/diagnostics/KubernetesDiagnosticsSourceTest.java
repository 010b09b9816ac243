package io.github.istiocoredns.e2e.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesDiagnosticsSourceTest {

    /** Written through core/v1 (kubelet's record.EventRecorder): lastTimestamp and count. */
    private static final Event PULLED_TWICE = new EventBuilder().withNewMetadata().withName("a").withCreationTimestamp("2025-01-01T10:00:00Z")
            .endMetadata().withType("Normal").withReason("Pulled").withNewInvolvedObject().withKind("Pod").withName("client").endInvolvedObject()
            .withFirstTimestamp("2025-01-01T10:00:00Z").withLastTimestamp("2025-01-01T10:00:05Z").withCount(2).withMessage("pulled").build();
    /** Written through events.k8s.io (the scheduler): eventTime only, no lastTimestamp, no count. */
    private static final Event SCHEDULED = new EventBuilder().withNewMetadata().withName("b").withCreationTimestamp("2025-01-01T10:00:03Z")
            .endMetadata().withType("Normal").withReason("Scheduled").withNewInvolvedObject().withKind("Pod").withName("client").endInvolvedObject()
            .withEventTime(new MicroTime("2025-01-01T10:00:02.123456Z")).withMessage("assigned").build();
    /** Only its object's creation time. */
    private static final Event CREATED = new EventBuilder().withNewMetadata().withName("c").withCreationTimestamp("2025-01-01T10:00:04Z")
            .endMetadata().withType("Warning").withReason("BackOff").withNewInvolvedObject().withKind("Pod").withName("coredns").endInvolvedObject()
            .withMessage("back-off").build();
    /** No time at all. */
    private static final Event TIMELESS = new EventBuilder().withType("Normal").withReason("Odd").withNewInvolvedObject().withKind("Pod")
            .withName("x").endInvolvedObject().withMessage("?").build();

    @Test
    void eventsAreOrderedByInstantWhicheverTimeFieldTheyCarry() {
        // Compared as text, MicroTime's toString ("MicroTime(time=...)") sorted after every lastTimestamp.
        assertThat(KubernetesDiagnosticsSource.eventLines(List.of(PULLED_TWICE, CREATED, SCHEDULED, TIMELESS))).isEqualTo("""
                ? Normal Odd Pod/x: ?
                2025-01-01T10:00:02.123456Z Normal Scheduled Pod/client: assigned
                2025-01-01T10:00:04Z Warning BackOff Pod/coredns: back-off
                2025-01-01T10:00:05Z Normal Pulled Pod/client (x2): pulled
                """);
    }

    @Test
    void timeComesFromLastTimestampThenSeriesThenEventTimeThenFirstTimestampThenCreation() {
        assertThat(KubernetesDiagnosticsSource.time(PULLED_TWICE)).isEqualTo(Instant.parse("2025-01-01T10:00:05Z"));
        assertThat(KubernetesDiagnosticsSource.time(SCHEDULED)).isEqualTo(Instant.parse("2025-01-01T10:00:02.123456Z"));
        assertThat(KubernetesDiagnosticsSource.time(CREATED)).isEqualTo(Instant.parse("2025-01-01T10:00:04Z"));
        assertThat(KubernetesDiagnosticsSource.time(TIMELESS)).isNull();

        Event repeated = new EventBuilder(SCHEDULED).withNewSeries().withCount(3).withLastObservedTime(new MicroTime("2025-01-01T10:00:09.5Z"))
                .endSeries().build();
        assertThat(KubernetesDiagnosticsSource.time(repeated)).isEqualTo(Instant.parse("2025-01-01T10:00:09.5Z"));
        assertThat(KubernetesDiagnosticsSource.eventLines(List.of(repeated))).isEqualTo("2025-01-01T10:00:09.500Z Normal Scheduled Pod/client (x3): assigned\n");

        Event firstOnly = new EventBuilder(CREATED).withFirstTimestamp("2025-01-01T09:59:00+01:00").build();
        assertThat(KubernetesDiagnosticsSource.time(firstOnly)).isEqualTo(Instant.parse("2025-01-01T08:59:00Z"));
    }

    @Test
    void unreadableTimeFallsThroughAndAbsentCountIsNotPrinted() {
        Event garbled = new EventBuilder(CREATED).withLastTimestamp("yesterday").build();

        assertThat(KubernetesDiagnosticsSource.time(garbled)).isEqualTo(Instant.parse("2025-01-01T10:00:04Z"));
        assertThat(KubernetesDiagnosticsSource.eventLines(List.of(garbled))).doesNotContain("null").doesNotContain("(x");
    }
}
