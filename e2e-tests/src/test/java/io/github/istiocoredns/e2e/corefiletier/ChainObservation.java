package io.github.istiocoredns.e2e.corefiletier;

import io.github.istiocoredns.e2e.dockerdns.StartupOutcome;
import io.github.istiocoredns.e2e.probe.Transport;
import java.time.Duration;
import java.util.Map;

/**
 * What one chain run showed, raw: nothing here is judged against an expectation (see {@link CorefileVerdict}).
 *
 * @param startup istiocoredns's startup: serving, or rejected with its error line
 * @param viaKubeDns the queries a pod would send to kube-dns, per transport (empty when istiocoredns was rejected)
 * @param globalDirect the global-zone fixture name asked of istiocoredns itself, per transport (kube-dns forwards
 *        only {@code internal})
 * @param negativeControl the record removal check, or null when this run did not do it
 * @param took from the chain's start to the last observation
 * @param logs every container's log, for failure messages
 */
record ChainObservation(StartupOutcome startup, Map<Transport, KubeDnsAnswers> viaKubeDns, Map<Transport, Probed> globalDirect,
        NegativeControl negativeControl, Duration took, String logs) {

    /** The answers of kube-dns for the tier's four questions. */
    record KubeDnsAnswers(Probed myFruitsA, Probed myFruitsAaaa, Probed unknownInternal, Probed upstream) {
    }

    /**
     * After the record was removed from the stand-in, did my-fruits.internal stop resolving through kube-dns?
     *
     * @param stopped whether NXDOMAIN came within the bound
     * @param bound how long it was given
     * @param after when NXDOMAIN came (the bound when it did not)
     * @param lastSeen the last answer seen
     */
    record NegativeControl(boolean stopped, Duration bound, Duration after, String lastSeen) {
    }
}
