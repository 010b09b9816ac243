package io.github.istiocoredns.e2e.dns;

/**
 * A server block key such as {@code internal:53}, {@code .:53} or {@code grpc://global:8053}.
 *
 * @param scheme "dns" when the key has none
 * @param zone the zone, normalised to end with a dot ("internal.", ".")
 * @param port the port, or 53 when the key has none
 */
public record ZoneKey(String text, String scheme, String zone, int port) {
}
