package io.github.istiocoredns.e2e.http;

import java.util.List;

/** The commands run in the client pod; each bounds its own time, no shell involved. */
public final class ClientCommands {

    public static final String STATUS_FORMAT = "\n%{http_code}";

    private ClientCommands() {
    }

    /** One try, two seconds: an Eventually around it does the retrying. The header line carries the response code. */
    public static List<String> dig(String name) {
        return List.of("dig", "+noall", "+comments", "+answer", "+stats", "+time=2", "+tries=1", name, "A");
    }

    /** Headers (-D -) before the body: they say whether Envoy routed the request or answered it itself. */
    public static List<String> curl(String url) {
        return List.of("curl", "-s", "-D", "-", "-o", "-", "-w", STATUS_FORMAT, "--connect-timeout", "3", "--max-time", "5", url);
    }

    /** As {@link #curl(String)}, with an x-request-id that Envoy keeps and writes into its access log. */
    public static List<String> curl(String url, String requestId) {
        return List.of("curl", "-s", "-H", "x-request-id: " + requestId, "-D", "-", "-o", "-", "-w", STATUS_FORMAT, "--connect-timeout", "3",
                "--max-time", "5", url);
    }
}
