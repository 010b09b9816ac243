package io.github.istiocoredns.e2e.dockerdns;

/** CoreDNS exited at startup instead of serving (typically: a rejected Corefile). */
public final class CoreDnsExitedException extends RuntimeException {

    private final StartupOutcome.Rejected outcome;

    CoreDnsExitedException(String image, StartupOutcome.Rejected outcome) {
        super(image + " exited with code " + outcome.exitCode() + " at startup: " + outcome.errorLine());
        this.outcome = outcome;
    }

    public StartupOutcome.Rejected outcome() {
        return outcome;
    }
}
