package io.github.istiocoredns.e2e.http;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;

/**
 * The meshed client (manifests/istio/client.yaml or client-dns-capture.yaml): resolves and calls from its container
 * {@value #CONTAINER}, so DNS goes through the pod's resolver (or the sidecar agent) and HTTP through Envoy.
 */
public final class MeshClient {

    public static final String CONTAINER = "client";
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
