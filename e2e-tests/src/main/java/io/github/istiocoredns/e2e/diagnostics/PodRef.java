package io.github.istiocoredns.e2e.diagnostics;

import java.util.List;

/** A pod and its containers (init containers included: a native sidecar is one). */
public record PodRef(String namespace, String name, List<String> containers) {

    public PodRef {
        containers = List.copyOf(containers);
    }
}
