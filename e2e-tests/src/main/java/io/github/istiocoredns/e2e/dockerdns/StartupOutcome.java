package io.github.istiocoredns.e2e.dockerdns;

import java.time.Duration;

/** How a CoreDNS container's startup ended: serving, or rejected (exited at startup) with the error line. */
public sealed interface StartupOutcome {

    /** From start() to the outcome. */
    Duration took();

    /**
     * CoreDNS printed its serving banner.
     *
     * @param version the version it printed ({@code CoreDNS-<version>})
     */
    record Serving(String version, Duration took) implements StartupOutcome {

        @Override
        public String toString() {
            return "serving (CoreDNS-" + version + ") after " + took.toMillis() + " ms";
        }
    }

    /**
     * CoreDNS exited before serving.
     *
     * @param exitCode the container's exit code (1 for a rejected Corefile)
     * @param errorLine the last non-blank line CoreDNS wrote to stderr, the one naming the problem
     * @param log the whole log, stdout and stderr interleaved (in no fixed order across the two)
     */
    record Rejected(long exitCode, String errorLine, String log, Duration took) implements StartupOutcome {

        /** The error line without a leading log timestamp (CoreDNS 1.1.2 prints one, later versions do not). */
        public String errorMessage() {
            return CoreDnsLog.withoutTimestamp(errorLine);
        }

        @Override
        public String toString() {
            return "rejected (exit " + exitCode + "): " + errorLine;
        }
    }
}
