package io.github.istiocoredns.e2e.mesh;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether Istio's injector put its proxy into a pod. The proxy is a container {@value #PROXY_CONTAINER}, or with
 * native sidecars an init container of that name that keeps running (restartPolicy Always).
 */
public final class SidecarInjection {

    public static final String PROXY_CONTAINER = "istio-proxy";
    /** The injector's MutatingWebhookConfiguration in a default (revision-less) install. */
    public static final String INJECTOR_WEBHOOK = "istio-sidecar-injector";

    private SidecarInjection() {
    }

    public static boolean injected(Pod pod) {
        return names(pod).contains(PROXY_CONTAINER);
    }

    /** All container names, init containers first: what a timeout message shows. */
    public static List<String> names(Pod pod) {
        if (pod == null || pod.getSpec() == null) {
            return List.of();
        }
        List<Container> init = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        List<Container> main = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        return Stream.concat(init.stream(), main.stream()).map(Container::getName).toList();
    }
}
