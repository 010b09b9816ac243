package io.github.istiocoredns.e2e.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Rcode;

/**
 * One DNS response as observed by a {@link DnsProbe}.
 *
 * @param name the queried name, absolute
 * @param type the queried type, e.g. {@code A}
 * @param transport UDP or TCP
 * @param server where the query went
 * @param rcode the response code ({@link org.xbill.DNS.Rcode})
 * @param flags the header flags set, lower case as dig prints them ({@code qr aa rd ra ...})
 * @param answers the answer section
 * @param elapsed from send to response
 */
public record DnsResult(String name, String type, Transport transport, InetSocketAddress server, int rcode, Set<String> flags,
        List<AnswerRecord> answers, Duration elapsed) {

    public DnsResult {
        flags = Set.copyOf(flags);
        answers = List.copyOf(answers);
    }

    /**
     * One record of the answer section.
     *
     * @param name owner name, absolute
     * @param type e.g. {@code A}
     * @param ttl seconds
     * @param data the record data as text, e.g. {@code 10.103.1.1}
     */
    public record AnswerRecord(String name, String type, long ttl, String data) {

        @Override
        public String toString() {
            return name + " " + ttl + " IN " + type + " " + data;
        }
    }

    public String rcodeName() {
        return Rcode.string(rcode);
    }

    public boolean isNxdomain() {
        return rcode == Rcode.NXDOMAIN;
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** The data of the answers of the queried type, e.g. the addresses of an A query. */
    public List<String> answerData() {
        return answers.stream().filter(answer -> answer.type().equals(type)).map(AnswerRecord::data).toList();
    }

    /** The answer section as dig prints it, one record per line. */
    public String answerSection() {
        return answers.stream().map(AnswerRecord::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return name + " " + type + " via " + transport + " " + server.getHostString() + ":" + server.getPort() + " -> "
                + rcodeName() + " " + flags.stream().sorted().collect(Collectors.toList())
                + (answers.isEmpty() ? " (no answer)" : " " + answers) + " in " + elapsed.toMillis() + " ms";
    }
}
