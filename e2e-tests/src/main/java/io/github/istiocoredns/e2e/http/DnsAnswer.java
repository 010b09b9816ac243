package io.github.istiocoredns.e2e.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code dig +noall +comments +answer +stats NAME A} printed in the client pod: the response code from the header
 * line ({@code ;; ->>HEADER<<- ... status: NXDOMAIN}), the A records, and the server that answered. The response code is
 * the evidence a verdict needs: a name that "does not resolve" must be NXDOMAIN, never a SERVFAIL, a REFUSED or a
 * timeout, which say only that DNS is broken. dig exits 9 when no server answered.
 *
 * @param status the DNS response code (NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...), or null when no response came
 * @param server the server that answered, as dig names it (e.g. {@code 10.96.0.10#53(10.96.0.10) (UDP)}), or null
 * @param failure null when a response came, else why none did
 */
public record DnsAnswer(String status, List<String> addresses, String server, String failure) {

    /** dig's exit status when no server could be reached. */
    static final int NO_REPLY = 9;
    public static final String NOERROR = "NOERROR";
    public static final String NXDOMAIN = "NXDOMAIN";
    private static final Pattern STATUS = Pattern.compile(";; ->>HEADER<<-.*\\bstatus: ([A-Z]+)");
    private static final Pattern A_RECORD = Pattern.compile("^\\S+\\s+\\d+\\s+IN\\s+A\\s+(\\d{1,3}(?:\\.\\d{1,3}){3})\\s*$");
    private static final Pattern SERVER = Pattern.compile("^;; SERVER: (.+)$");

    public DnsAnswer {
        addresses = List.copyOf(addresses);
    }

    public static DnsAnswer parse(ExecResult result) {
        if (!result.finished()) {
            return failed("dig did not finish: " + result.stderr().strip());
        }
        if (result.exitCode() == NO_REPLY) {
            return failed("no DNS server answered (dig exit 9): " + oneLine(result.stdout() + result.stderr()));
        }
        if (result.exitCode() != 0) {
            return failed("dig exit " + result.exitCode() + ": " + oneLine(result.stderr() + result.stdout()));
        }
        String status = null;
        String server = null;
        List<String> addresses = new ArrayList<>();
        for (String line : result.stdout().split("\\R")) {
            Matcher header = STATUS.matcher(line);
            Matcher record = A_RECORD.matcher(line.strip());
            Matcher answeredBy = SERVER.matcher(line.strip());
            if (header.find()) {
                status = header.group(1);
            } else if (record.matches()) {
                addresses.add(record.group(1));
            } else if (answeredBy.matches()) {
                server = answeredBy.group(1);
            }
        }
        if (status == null) {
            return failed("dig printed no response header: " + oneLine(result.stdout() + result.stderr()));
        }
        return new DnsAnswer(status, addresses, server, null);
    }

    private static DnsAnswer failed(String why) {
        return new DnsAnswer(null, List.of(), null, why);
    }

    /** NOERROR with an A record for this address. */
    public boolean resolvesTo(String address) {
        return NOERROR.equals(status) && addresses.contains(address);
    }

    /** NOERROR with at least one A record. */
    public boolean resolved() {
        return NOERROR.equals(status) && !addresses.isEmpty();
    }

    /** The name does not exist: the one answer that proves a name does not resolve. */
    public boolean nxdomain() {
        return NXDOMAIN.equals(status);
    }

    @Override
    public String toString() {
        if (failure != null) {
            return failure;
        }
        String what = resolved() ? "A " + String.join(", ", addresses)
                : NOERROR.equals(status) ? "NOERROR without an A record" : status;
        return what + (server == null ? "" : " from " + server);
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " | ");
        return line.isEmpty() ? "(no output)" : line;
    }
}
