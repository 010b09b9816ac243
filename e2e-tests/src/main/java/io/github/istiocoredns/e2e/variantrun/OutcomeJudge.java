package io.github.istiocoredns.e2e.variantrun;

import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.HttpAnswer;
import io.github.istiocoredns.e2e.report.Verdict;
import java.util.Locale;

/**
 * Turns an {@link Observation} into the catalog's vocabulary and compares it with the expectation. The order of the
 * checks is the order of the chain: objects accepted, images pulled, istiocoredns running, name resolved to the fixed
 * clusterIP, request answered by fruits-api with its exact JSON. Each negative outcome needs its own evidence: "not
 * resolved" is NXDOMAIN and nothing else, "not routed" is Envoy's own refusal; anything else that goes wrong is
 * dns-broken or route-broken, which agree with no expectation, so a broken cluster cannot pass a negative check.
 */
final class OutcomeJudge {

    /** The outcome as the catalog spells it, with the evidence for it. */
    record Judged(ClusterOutcome outcome, String evidence) {

        String label() {
            return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final String expectedAddress;
    private final String expectedBody;
    private final boolean throughEnvoy;

    /**
     * @param expectedBody the exact JSON fruits-api returns for /api/fruits/au
     * @param throughEnvoy whether a routed request must show that the client's Envoy routed it (the cluster tier), or the
     *     cluster has no mesh (the node tier: kube-proxy routes)
     */
    OutcomeJudge(String expectedAddress, String expectedBody, boolean throughEnvoy) {
        this.expectedAddress = expectedAddress;
        this.expectedBody = expectedBody;
        this.throughEnvoy = throughEnvoy;
    }

    Judged judge(Observation seen) {
        if (seen.rejection() != null) {
            return new Judged(ClusterOutcome.APPLY_REJECTED, seen.rejection());
        }
        if (seen.pullFailure() != null) {
            return new Judged(ClusterOutcome.IMAGE_UNPULLABLE, seen.pullFailure());
        }
        if (seen.crashLoop() != null) {
            return new Judged(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP, seen.crashLoop());
        }
        DnsAnswer dns = seen.dns();
        if (dns == null) {
            return new Judged(ClusterOutcome.DNS_BROKEN, "my-fruits.internal was never asked (no DNS answer observed)");
        }
        if (dns.nxdomain()) {
            return new Judged(ClusterOutcome.NOT_RESOLVED, "my-fruits.internal: " + dns);
        }
        if (!dns.resolvesTo(expectedAddress)) {
            return new Judged(ClusterOutcome.DNS_BROKEN, "my-fruits.internal: " + dns + " (expected A " + expectedAddress + ", or NXDOMAIN)");
        }
        HttpAnswer http = seen.http();
        String resolved = "A " + expectedAddress + "; GET /api/fruits/au: ";
        if (http == null) {
            return new Judged(ClusterOutcome.ROUTE_BROKEN, resolved + "no request was made");
        }
        if (http.is(200, expectedBody)) {
            if (throughEnvoy && !http.throughEnvoy()) {
                return new Judged(ClusterOutcome.ROUTE_BROKEN, resolved + "HTTP 200 with fruits-api's exact JSON, but not through Envoy (no "
                        + HttpAnswer.UPSTREAM_TIME + " header: is the client meshed?)");
            }
            return new Judged(ClusterOutcome.RESOLVES_AND_ROUTES, resolved + "HTTP 200 with fruits-api's exact JSON"
                    + (throughEnvoy ? " through the client's Envoy (" + HttpAnswer.UPSTREAM_TIME + ": " + http.header(HttpAnswer.UPSTREAM_TIME).orElseThrow()
                            + " ms)" : "") + envoy(seen));
        }
        if (throughEnvoy && http.refusedByEnvoy()) {
            return new Judged(ClusterOutcome.RESOLVES_NOT_ROUTED, resolved + "HTTP 502 from the client's sidecar itself (a direct response: server "
                    + http.header("server").orElse("?") + ", empty body, no " + HttpAnswer.UPSTREAM_TIME + ")" + envoy(seen));
        }
        return new Judged(ClusterOutcome.ROUTE_BROKEN, resolved + http + " (neither fruits-api's JSON nor the mesh's refusal)");
    }

    /** What the client's sidecar logged about the request: route and upstream cluster. */
    private static String envoy(Observation seen) {
        return seen.envoy() == null ? "" : "; " + seen.envoy();
    }

    /**
     * Agrees when the outcome is the expected one and, where the catalog names evidence (a log line, a message, NXDOMAIN,
     * the mesh's refusal, the Envoy cluster that routed), the observed evidence contains it, ignoring case. The broken
     * outcomes agree with nothing.
     */
    static Verdict verdict(Expectations.Cluster expected, Judged judged) {
        if (!judged.outcome().expectable() || expected.outcome() != judged.outcome()) {
            return Verdict.CONTRADICTS;
        }
        if (expected.evidence() != null
                && !judged.evidence().toLowerCase(Locale.ROOT).contains(expected.evidence().toLowerCase(Locale.ROOT))) {
            return Verdict.CONTRADICTS;
        }
        return Verdict.AGREES;
    }
}
