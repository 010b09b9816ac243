package io.github.istiocoredns.e2e.standin;

/**
 * The Corefile of a relay that stands where the plugin process stood: a CoreDNS serving the plugin's protocol (DNS over
 * gRPC, plaintext) on the plugin's port 8053 inside the add-on's network namespace, passing every query to the
 * stand-in wherever it runs. It needs CoreDNS 1.5.0 or later (the grpc plugin and grpc:// servers).
 */
public final class StandInRelay {

    public static final int PLUGIN_PORT = 8053;

    private StandInRelay() {
    }

    public static String corefile(String standInHostAndPort) {
        return "grpc://.:" + PLUGIN_PORT + " {\n    grpc . " + standInHostAndPort + "\n}\n";
    }
}
