package io.github.istiocoredns.e2e.variantrun;

import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.EnvoyAccessLog;
import io.github.istiocoredns.e2e.http.HttpAnswer;

/**
 * What the cluster tier saw for one variant, before it is judged. At most one of the blocking findings (rejection,
 * image pull failure, crash loop) is set; the answers are null when the run did not get that far.
 *
 * @param rejection the API server's refusal of an object of the variant, or null
 * @param pullFailure an image that could not be pulled, with the runtime's message, or null
 * @param crashLoop the istiocoredns CoreDNS container's last log lines while it crash-loops, or null
 * @param dns the last (or accepted) answer for my-fruits.internal
 * @param http the last (or accepted) answer to GET http://my-fruits.internal/api/fruits/au
 * @param negativeControl what happened once the ServiceEntry was deleted, or null if not run
 * @param envoy the client sidecar's access log entry for a request like the judged one (route, upstream cluster), or null
 * @param newEntry how long a ServiceEntry created while the variant ran took to resolve (what serves names learns of new
 *        entries: the plugin rebuilds its table every 5 s, the agent gets them from istiod), or null if not measured
 */
public record Observation(String rejection, String pullFailure, String crashLoop, DnsAnswer dns, HttpAnswer http, String negativeControl,
        EnvoyAccessLog envoy, String newEntry) {

    public Observation(String rejection, String pullFailure, String crashLoop, DnsAnswer dns, HttpAnswer http, String negativeControl) {
        this(rejection, pullFailure, crashLoop, dns, http, negativeControl, null, null);
    }

    public static Observation rejected(String message) {
        return new Observation(message, null, null, null, null, null);
    }

    public static Observation pullFailed(String message) {
        return new Observation(null, message, null, null, null, null);
    }

    public static Observation crashLooping(String lastLog) {
        return new Observation(null, null, lastLog, null, null, null);
    }

    public Observation withNegativeControl(String outcome) {
        return new Observation(rejection, pullFailure, crashLoop, dns, http, outcome, envoy, newEntry);
    }

    public Observation withNewEntry(String measured) {
        return new Observation(rejection, pullFailure, crashLoop, dns, http, negativeControl, envoy, measured);
    }
}
