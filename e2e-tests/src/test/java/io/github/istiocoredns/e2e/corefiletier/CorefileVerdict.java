package io.github.istiocoredns.e2e.corefiletier;

import io.github.istiocoredns.e2e.catalog.CorefileOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer;
import io.github.istiocoredns.e2e.dockerdns.DnsChain;
import io.github.istiocoredns.e2e.dockerdns.StartupOutcome;
import io.github.istiocoredns.e2e.probe.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A variant's observation judged against its catalog expectation: the observed outcome, the evidence, and every
 * step where the two disagree (expected and seen). Pure: no Docker, so it is unit-tested on given observations.
 *
 * @param observed the outcome the observation shows
 * @param evidence the error line, or the answers and timings
 * @param disagreements one line per failed step: {@code <step>: expected <x>, seen <y>}; empty when all agree
 */
record CorefileVerdict(CorefileOutcome observed, String evidence, List<String> disagreements) {

    static final long MAX_TTL = 30;

    /**
     * @param expected the variant's corefile-tier expectation
     * @param expectedAddresses what the variant's ServiceEntry gives my-fruits.internal (the stand-in's table)
     * @param globalAddresses what the global fixture gives its host; empty when the Corefile routes no global zone
     */
    static CorefileVerdict judge(Expectations.Corefile expected, List<String> expectedAddresses, List<String> globalAddresses,
            ChainObservation observation) {
        CorefileOutcome observed = outcomeOf(observation);
        List<String> disagreements = new ArrayList<>();
        if (observed != expected.outcome()) {
            disagreements.add("outcome: expected " + name(expected.outcome()) + ", seen " + name(observed) + " ("
                    + observation.startup() + ")");
        }
        if (observation.startup() instanceof StartupOutcome.Rejected rejected) {
            String line = expected.errorLineFor(CoreDnsContainer.COREFILE_PATH);
            if (line != null && !line.equals(rejected.errorMessage())) {
                disagreements.add("error line: expected '" + line + "', seen '" + rejected.errorMessage() + "'");
            }
        } else if (expected.outcome() != CorefileOutcome.REJECTED_AT_STARTUP) {
            servingSteps(expected.outcome(), expectedAddresses, globalAddresses, observation, disagreements);
        }
        return new CorefileVerdict(observed, evidence(observation), List.copyOf(disagreements));
    }

    boolean agrees() {
        return disagreements.isEmpty();
    }

    /** Rejected, or serving and answering my-fruits.internal over UDP with an address, or serving without. */
    static CorefileOutcome outcomeOf(ChainObservation observation) {
        if (observation.startup() instanceof StartupOutcome.Rejected) {
            return CorefileOutcome.REJECTED_AT_STARTUP;
        }
        ChainObservation.KubeDnsAnswers udp = observation.viaKubeDns().get(Transport.UDP);
        return udp != null && !udp.myFruitsA().data().isEmpty() ? CorefileOutcome.STARTS_AND_RESOLVES : CorefileOutcome.STARTS_NOT_RESOLVED;
    }

    private static void servingSteps(CorefileOutcome expected, List<String> expectedAddresses, List<String> globalAddresses,
            ChainObservation observation, List<String> disagreements) {
        boolean resolves = expected == CorefileOutcome.STARTS_AND_RESOLVES;
        for (Map.Entry<Transport, ChainObservation.KubeDnsAnswers> entry : observation.viaKubeDns().entrySet()) {
            String over = " via kube-dns over " + entry.getKey();
            ChainObservation.KubeDnsAnswers answers = entry.getValue();
            Probed myFruits = answers.myFruitsA();
            if (resolves) {
                check(disagreements, myFruits, over, "NOERROR " + expectedAddresses + " with TTL <= " + MAX_TTL,
                        myFruits.rcode().equals("NOERROR") && myFruits.data().equals(expectedAddresses) && ttlsAtMost(myFruits));
                check(disagreements, answers.myFruitsAaaa(), over, "NXDOMAIN (the plugin answers only A)",
                        answers.myFruitsAaaa().rcode().equals("NXDOMAIN"));
                check(disagreements, answers.unknownInternal(), over, "NXDOMAIN", answers.unknownInternal().rcode().equals("NXDOMAIN"));
            } else {
                check(disagreements, myFruits, over, "no address (the zone is not served)", myFruits.data().isEmpty());
            }
            check(disagreements, answers.upstream(), over, "forwarded upstream: " + DnsChain.UPSTREAM_CHECK_ADDRESS,
                    answers.upstream().data().equals(List.of(DnsChain.UPSTREAM_CHECK_ADDRESS)));
        }
        if (!globalAddresses.isEmpty()) {
            observation.globalDirect().forEach((transport, global) -> check(disagreements, global, " asked of istiocoredns over "
                    + transport, "NOERROR " + globalAddresses, global.data().equals(globalAddresses)));
        }
        ChainObservation.NegativeControl control = observation.negativeControl();
        if (control != null && !control.stopped()) {
            disagreements.add("negative control (" + ChainObserver.MY_FRUITS + " A after removal from the stand-in): expected NXDOMAIN "
                    + "within " + control.bound().toSeconds() + " s, seen " + control.lastSeen());
        }
    }

    private static void check(List<String> disagreements, Probed probed, String where, String expected, boolean holds) {
        if (!holds) {
            disagreements.add(probed.question() + where + ": expected " + expected + ", seen " + probed.seen());
        }
    }

    private static boolean ttlsAtMost(Probed probed) {
        return probed.result() != null && probed.result().answers().stream().allMatch(answer -> answer.ttl() <= MAX_TTL);
    }

    private static String evidence(ChainObservation observation) {
        if (observation.startup() instanceof StartupOutcome.Rejected rejected) {
            return "exit " + rejected.exitCode() + ": " + rejected.errorMessage() + " (after " + rejected.took().toMillis() + " ms)";
        }
        List<String> lines = new ArrayList<>();
        lines.add(observation.startup().toString());
        observation.viaKubeDns().forEach((transport, answers) -> lines.add(transport + " via kube-dns: "
                + List.of(answers.myFruitsA(), answers.myFruitsAaaa(), answers.unknownInternal(), answers.upstream()).stream()
                        .map(probed -> probed.question() + " -> " + probed.seen()).collect(Collectors.joining("; "))));
        observation.globalDirect().forEach((transport, global) -> lines.add(transport + " istiocoredns: " + global.question() + " -> "
                + global.seen()));
        ChainObservation.NegativeControl control = observation.negativeControl();
        if (control != null) {
            lines.add("negative control: " + (control.stopped() ? "NXDOMAIN " + control.after().toMillis() + " ms after removal"
                    : "still answered after " + control.bound().toSeconds() + " s: " + control.lastSeen()));
        }
        return String.join("\n", lines);
    }

    static String name(CorefileOutcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
