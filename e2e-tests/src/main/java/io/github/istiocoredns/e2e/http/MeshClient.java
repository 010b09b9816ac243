package io.github.istiocoredns.e2e.http;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * The meshed client (manifests/istio/client.yaml or client-dns-capture.yaml): resolves and calls from its container
 * {@value #CONTAINER}, so DNS goes through the pod's resolver (or the sidecar agent) and HTTP through Envoy.
 */
public final class MeshClient {

    public static final String CONTAINER = "client";
    /** Istio's sidecar container (also as a native sidecar: an init container of that name). */
    static final String SIDECAR = "istio-proxy";
    static final Duration ACCESS_LOG_BOUND = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final String namespace;
    private final String appLabel;
    private final PodExec exec;

    /** @param appLabel the value of label {@code app} of the client's pods, e.g. dns-client */
    public MeshClient(KubernetesClient client, String namespace, String appLabel) {
        this.client = client;
        this.namespace = namespace;
        this.appLabel = appLabel;
        this.exec = new PodExec(client, COMMAND_TIMEOUT);
    }

    public DnsAnswer resolve(String name) {
        return DnsAnswer.parse(exec.run(namespace, podName(), CONTAINER, ClientCommands.dig(name)));
    }

    public HttpAnswer get(String url) {
        return HttpAnswer.parse(exec.run(namespace, podName(), CONTAINER, ClientCommands.curl(url)));
    }

    /** A request and what the pod's sidecar logged about it: empty log entry without a sidecar or when none came in time. */
    public record Traced(HttpAnswer answer, Optional<EnvoyAccessLog> envoy) {
    }

    /**
     * GET with a request id of its own, then the entry of the client's sidecar's access log for it (Envoy writes the log
     * about once a second: polled for up to {@link #ACCESS_LOG_BOUND}).
     */
    public Traced trace(String url) {
        String pod = podName();
        String id = "istiocoredns-" + UUID.randomUUID();
        HttpAnswer answer = HttpAnswer.parse(exec.run(namespace, pod, CONTAINER, ClientCommands.curl(url, id)));
        if (!hasSidecar(pod)) {
            return new Traced(answer, Optional.empty());
        }
        long deadline = System.nanoTime() + ACCESS_LOG_BOUND.toNanos();
        Optional<EnvoyAccessLog> entry = Optional.empty();
        while (entry.isEmpty() && System.nanoTime() < deadline) {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(SIDECAR).tailingLines(200).getLog();
            entry = EnvoyAccessLog.find(log == null ? "" : log, id);
            if (entry.isEmpty()) {
                pause();
            }
        }
        return new Traced(answer, entry);
    }

    private boolean hasSidecar(String pod) {
        Pod current = client.pods().inNamespace(namespace).withName(pod).get();
        return current != null && current.getSpec().getContainers().stream().anyMatch(c -> SIDECAR.equals(c.getName()))
                || current != null && current.getSpec().getInitContainers() != null
                        && current.getSpec().getInitContainers().stream().anyMatch(c -> SIDECAR.equals(c.getName()));
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The newest running pod of the client (a restarted Deployment leaves terminating ones behind for a moment). */
    public String podName() {
        return client.pods().inNamespace(namespace).withLabel("app", appLabel).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()))
                .map(p -> p.getMetadata().getName())
                .orElseThrow(() -> new IllegalStateException("no running pod with label app=" + appLabel + " in namespace " + namespace));
    }

    public String namespace() {
        return namespace;
    }
}
