package io.github.istiocoredns.e2e.dns;

import java.util.List;
import java.util.stream.Collectors;

/** One server block: the zones it serves and its plugin lines. */
public record ServerBlock(List<ZoneKey> keys, List<Directive> directives, int line) {

    public ServerBlock {
        keys = List.copyOf(keys);
        directives = List.copyOf(directives);
    }

    public List<Directive> directives(String name) {
        return directives.stream().filter(d -> d.name().equals(name)).collect(Collectors.toList());
    }

    public boolean serves(String zone) {
        return keys.stream().anyMatch(k -> k.zone().equals(zone));
    }
}
