package io.github.istiocoredns.e2e.corefiletier;

import io.github.istiocoredns.e2e.probe.DnsProbe;
import io.github.istiocoredns.e2e.probe.DnsProbeException;
import io.github.istiocoredns.e2e.probe.DnsResult;
import java.util.List;

/**
 * One query of the tier and what came of it: a response, or why there was none (a timeout is an observation too).
 *
 * @param question e.g. {@code my-fruits.internal A}
 * @param result the response, or null
 * @param failure why there is no response, or null
 */
record Probed(String question, DnsResult result, String failure) {

    static Probed query(DnsProbe probe, String name, String type) {
        String question = name + " " + type;
        try {
            return new Probed(question, probe.query(name, type), null);
        } catch (DnsProbeException e) {
            return new Probed(question, null, e.getMessage());
        }
    }

    static Probed answered(String question, DnsResult result) {
        return new Probed(question, result, null);
    }

    /** The response code, or {@code no response}. */
    String rcode() {
        return result == null ? "no response" : result.rcodeName();
    }

    /** The data of the answers of the queried type; empty without a response. */
    List<String> data() {
        return result == null ? List.of() : result.answerData();
    }

    /** How a person reads it in a report: rcode and answer section as dig prints it. */
    String seen() {
        if (result == null) {
            return "no response (" + failure + ")";
        }
        return result.rcodeName() + (result.answers().isEmpty() ? " (no answer)" : " " + result.answerSection().replace('\n', ';'));
    }
}
