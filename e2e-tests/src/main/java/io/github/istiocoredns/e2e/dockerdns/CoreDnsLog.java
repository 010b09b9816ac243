package io.github.istiocoredns.e2e.dockerdns;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CoreDNS container's log. Pure.
 *
 * <p>Every CoreDNS release from 1.1.2 to 1.14.x prints a line that is exactly {@code CoreDNS-<version>} once all of
 * its servers listen, and nothing like it when the Corefile is rejected: then it exits 1 after printing one error
 * line to stderr, e.g. {@code /etc/coredns/Corefile:3 - Error during parsing: Unknown directive 'grpc'} or
 * {@code plugin/grpc: this plugin can only be used once per Server Block} (observed on the images built here, 1.1.2
 * to 1.14.7; 1.1.2 puts a timestamp before it).
 */
final class CoreDnsLog {

    private static final Pattern BANNER = Pattern.compile("(?m)^CoreDNS-(\\S+)\\s*$");
    // Go's log package prefix ("2026/11/25 21:31:13 "), which CoreDNS 1.1.2 puts before its parse errors.
    private static final Pattern GO_LOG_TIMESTAMP = Pattern.compile("^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)? ");

    private CoreDnsLog() {
    }

    /** The version in the serving banner, present once CoreDNS serves. */
    static Optional<String> servingVersion(String log) {
        Matcher banner = BANNER.matcher(log);
        return banner.find() ? Optional.of(banner.group(1)) : Optional.empty();
    }

    /** The line that explains an exit: the last non-blank line, as printed (give it the stderr log). */
    static String errorLine(String log) {
        List<String> lines = Arrays.stream(log.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
        return lines.isEmpty() ? "(CoreDNS printed nothing)" : lines.get(lines.size() - 1);
    }

    /** The error line without the timestamp some versions print before it, to compare messages across versions. */
    static String withoutTimestamp(String line) {
        return GO_LOG_TIMESTAMP.matcher(line).replaceFirst("");
    }
}
