package io.github.istiocoredns.e2e.http;

import java.util.List;

/** The commands run in the client pod; each bounds its own time, no shell involved. */
public final class ClientCommands {

    public static final String STATUS_FORMAT = "\n%{http_code}";

    private ClientCommands() {
    }

    /** One try, two seconds: an Eventually around it does the retrying. */
    public static List<String> dig(String name) {
        return List.of("dig", "+short", "+time=2", "+tries=1", name, "A");
    }

    public static List<String> curl(String url) {
        return List.of("curl", "-s", "-o", "-", "-w", STATUS_FORMAT, "--connect-timeout", "3", "--max-time", "5", url);
    }
}
