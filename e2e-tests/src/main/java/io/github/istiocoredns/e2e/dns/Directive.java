package io.github.istiocoredns.e2e.dns;

import java.util.List;

/** A plugin line in a server block ({@code forward . /etc/resolv.conf}), with its nested block if any. */
public record Directive(String name, List<String> arguments, List<Directive> block, int line) {

    public Directive {
        arguments = List.copyOf(arguments);
        block = List.copyOf(block);
    }
}
