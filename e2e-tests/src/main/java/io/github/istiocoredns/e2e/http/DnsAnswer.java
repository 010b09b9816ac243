package io.github.istiocoredns.e2e.http;

import java.util.Arrays;
import java.util.List;

/**
 * What {@code dig +short NAME A} printed in the client pod: the IPv4 addresses (CNAME lines dropped), or why there
 * are none. NXDOMAIN and NODATA both print nothing with exit 0; dig exits 9 when no server answered.
 *
 * @param failure null when dig got an answer (possibly empty), else what went wrong
 */
public record DnsAnswer(List<String> addresses, String failure) {

    /** dig's exit status when no server could be reached. */
    static final int NO_REPLY = 9;

    public DnsAnswer {
        addresses = List.copyOf(addresses);
    }

    public static DnsAnswer parse(ExecResult result) {
        if (!result.finished()) {
            return new DnsAnswer(List.of(), "dig did not finish: " + result.stderr().strip());
        }
        if (result.exitCode() == NO_REPLY) {
            return new DnsAnswer(List.of(), "no DNS server answered (dig exit 9): " + firstLine(result.stdout() + result.stderr()));
        }
        if (result.exitCode() != 0) {
            return new DnsAnswer(List.of(), "dig exit " + result.exitCode() + ": " + firstLine(result.stderr() + result.stdout()));
        }
        List<String> addresses = Arrays.stream(result.stdout().split("\\R")).map(String::strip)
                .filter(line -> line.matches("\\d{1,3}(\\.\\d{1,3}){3}")).toList();
        return new DnsAnswer(addresses, null);
    }

    public boolean resolvesTo(String address) {
        return failure == null && addresses.contains(address);
    }

    public boolean resolved() {
        return failure == null && !addresses.isEmpty();
    }

    /** Got an answer and it holds no address: the name does not exist (or has no A record). */
    public boolean notResolved() {
        return failure == null && addresses.isEmpty();
    }

    @Override
    public String toString() {
        return failure != null ? failure : addresses.isEmpty() ? "no address (NXDOMAIN or no A record)" : "A " + String.join(", ", addresses);
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("(no output)");
    }
}
