package io.github.istiocoredns.e2e.dns;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Corefile: its server blocks, and the top-level {@code import} lines (as k3s's Corefile has).
 *
 * @param source the file name used in messages
 */
public record Corefile(String source, List<ServerBlock> serverBlocks, List<Directive> imports) {

    public Corefile {
        serverBlocks = List.copyOf(serverBlocks);
        imports = List.copyOf(imports);
    }

    /** The server block CoreDNS picks for a query name on a port: the one with the longest matching zone. */
    public Optional<ServerBlock> blockFor(String name, int port) {
        String fqdn = name.endsWith(".") ? name : name + ".";
        ServerBlock best = null;
        int bestLength = -1;
        for (ServerBlock block : serverBlocks) {
            for (ZoneKey key : block.keys()) {
                boolean matches = key.port() == port && key.scheme().equals("dns")
                        && (key.zone().equals(".") || fqdn.equals(key.zone()) || fqdn.endsWith("." + key.zone()));
                if (matches && key.zone().length() > bestLength) {
                    best = block;
                    bestLength = key.zone().length();
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
