package io.github.istiocoredns.e2e.probe;

/** A query that got no DNS response at all (timeout, refused connection, unparsable reply). */
public final class DnsProbeException extends RuntimeException {

    public DnsProbeException(String message, Throwable cause) {
        super(message, cause);
    }
}
