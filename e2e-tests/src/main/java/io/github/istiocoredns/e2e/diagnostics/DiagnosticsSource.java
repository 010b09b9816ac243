package io.github.istiocoredns.e2e.diagnostics;

import java.util.List;
import java.util.Map;

/** Where diagnostics come from: a cluster, or a fake in tests. Each method may throw; the writer records that. */
public interface DiagnosticsSource {

    /** Events of one namespace, one per line, oldest first. */
    String events(String namespace);

    /** The pods of the namespace, with their containers. */
    List<PodRef> pods(String namespace);

    /** @param previous the log of the container's previous run (what a crash-looping container said) */
    String log(PodRef pod, String container, boolean previous);

    /** Corefiles in effect: a name such as {@code kube-system/coredns/Corefile} to its text. */
    Map<String, String> corefiles();

    /** The pods whose sidecar is worth dumping (the meshed clients). */
    List<PodRef> meshedClients();

    /** Output of {@code pilot-agent request GET <path>} in the pod's istio-proxy, e.g. config_dump or clusters. */
    String envoy(PodRef pod, String path);
}
