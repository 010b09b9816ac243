package io.github.istiocoredns.e2e.standin;

/**
 * A ServiceEntry that gives no name to the plugin's table, and why (the plugin itself skips such entries silently).
 *
 * @param entry {@code namespace/name} of the ServiceEntry
 * @param reason the rule of {@code plugin.go} or of the Istio 1.1 validation that excluded it
 */
public record SkippedServiceEntry(String entry, String reason) {

    @Override
    public String toString() {
        return entry + ": " + reason;
    }
}
