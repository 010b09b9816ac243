package io.github.istiocoredns.e2e.tier;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A tier's overall deadline, counted from the tier's start: a CI job that is killed at its timeout keeps neither its
 * JUnit XML nor a truthful matrix, so a tier stops starting variants once the deadline has passed and reports the rest as
 * not observed. {@value #PROPERTY} (whole minutes) sets it; unset, there is none.
 */
public record Deadline(Instant start, Duration budget) {

    public static final String PROPERTY = "conformance.deadlineMinutes";

    /** The deadline the system property asks for, counted from {@code start}; empty when it is unset or blank. */
    public static Optional<Deadline> fromSystemProperties(Instant start) {
        return parse(System.getProperty(PROPERTY, ""), start);
    }

    static Optional<Deadline> parse(String minutes, Instant start) {
        String text = minutes == null ? "" : minutes.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) == 0) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + minutes + ": expected whole minutes greater than 0, e.g. 95");
        }
        return Optional.of(new Deadline(start, Duration.ofMinutes(Integer.parseInt(text))));
    }

    /** Empty while there is time; else the one line that says the deadline passed. */
    public Optional<String> passed(Instant now) {
        if (now.isBefore(start.plus(budget))) {
            return Optional.empty();
        }
        return Optional.of("deadline: " + budget.toMinutes() + " min after the tier started (-D" + PROPERTY + "=" + budget.toMinutes()
                + ") passed " + Duration.between(start.plus(budget), now).toSeconds() + " s ago; this variant was not started");
    }
}
