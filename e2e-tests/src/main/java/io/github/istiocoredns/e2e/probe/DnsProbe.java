package io.github.istiocoredns.e2e.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends one DNS query to one server and returns what came back, with a bounded timeout. Immutable: the
 * {@code withX} methods return a new probe. The server is given as an address; no name is ever looked up.
 *
 * <pre>{@code
 * DnsResult result = new DnsProbe(kubeDns.udpEndpoint()).query("my-fruits.internal", "A");
 * DnsResult overTcp = new DnsProbe(kubeDns.tcpEndpoint()).withTransport(Transport.TCP).query("my-fruits.internal", "A");
 * }</pre>
 */
public final class DnsProbe {

    /** Long enough for a cold CoreDNS chain, short enough that an "eventually" loop polls several times. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    // Header flags in the order dig prints them.
    private static final int[] PRINTED_FLAGS = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};

    private final InetSocketAddress server;
    private final Transport transport;
    private final Duration timeout;

    public DnsProbe(InetSocketAddress server) {
        this(server, Transport.UDP, DEFAULT_TIMEOUT);
    }

    private DnsProbe(InetSocketAddress server, Transport transport, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("DNS server address must be resolved, got " + server);
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    public DnsProbe withTransport(Transport newTransport) {
        return new DnsProbe(server, newTransport, timeout);
    }

    public DnsProbe withTimeout(Duration newTimeout) {
        return new DnsProbe(server, transport, newTimeout);
    }

    /** A recursive (RD set) query of class IN, as a stub resolver sends it. */
    public DnsResult query(String name, String type) {
        int typeCode = Type.value(type);
        if (typeCode < 0) {
            throw new IllegalArgumentException("unknown DNS type '" + type + "'");
        }
        return query(Message.newQuery(Record.newRecord(absolute(name), typeCode, DClass.IN)));
    }

    /**
     * Sends a query as built by the caller.
     *
     * @throws DnsProbeException when no response arrives within the timeout or the response does not parse
     */
    public DnsResult query(Message message) {
        Record question = message.getQuestion();
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(transport == Transport.TCP);
        resolver.setTimeout(timeout);
        long started = System.nanoTime();
        Message response;
        try {
            response = resolver.send(message);
        } catch (IOException e) {
            throw new DnsProbeException("no DNS response from " + server.getHostString() + ":" + server.getPort() + " over "
                    + transport + " within " + timeout.toMillis() + " ms for " + describe(question) + ": " + e, e);
        }
        return toResult(question, response, Duration.ofNanos(System.nanoTime() - started));
    }

    public InetSocketAddress server() {
        return server;
    }

    public Transport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "DnsProbe[" + transport + " " + server.getHostString() + ":" + server.getPort() + ", timeout " + timeout + "]";
    }

    private DnsResult toResult(Record question, Message response, Duration elapsed) {
        Set<String> flags = new LinkedHashSet<>();
        for (int flag : PRINTED_FLAGS) {
            if (response.getHeader().getFlag(flag)) {
                flags.add(Flags.string(flag));
            }
        }
        List<DnsResult.AnswerRecord> answers = response.getSection(Section.ANSWER).stream()
                .map(answer -> new DnsResult.AnswerRecord(answer.getName().toString(), Type.string(answer.getType()),
                        answer.getTTL(), answer.rdataToString()))
                .toList();
        return new DnsResult(question.getName().toString(), Type.string(question.getType()), transport, server,
                response.getRcode(), flags, answers, elapsed);
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    private static String describe(Record question) {
        return question == null ? "a query without question" : question.getName() + " " + Type.string(question.getType());
    }
}
