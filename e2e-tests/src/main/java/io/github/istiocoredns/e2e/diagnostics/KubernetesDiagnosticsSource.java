package io.github.istiocoredns.e2e.diagnostics;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.http.ExecResult;
import io.github.istiocoredns.e2e.http.PodExec;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Diagnostics read from a cluster through the API (events, logs, ConfigMaps, exec into istio-proxy). */
public final class KubernetesDiagnosticsSource implements DiagnosticsSource {

    private static final String PROXY = "istio-proxy";
    /** ConfigMaps that hold Corefiles: kube-dns's own, k3s's custom one, and the istiocoredns add-on's. */
    private static final List<String[]> COREFILE_CONFIGMAPS = List.of(
            new String[] {"kube-system", "coredns"}, new String[] {"kube-system", "coredns-custom"}, new String[] {"istio-system", "coredns"});

    private final KubernetesClient client;
    private final List<String> clientNamespaces;
    private final PodExec exec;

    /** @param clientNamespaces where the meshed clients run */
    public KubernetesDiagnosticsSource(KubernetesClient client, List<String> clientNamespaces) {
        this.client = client;
        this.clientNamespaces = List.copyOf(clientNamespaces);
        this.exec = new PodExec(client, Duration.ofSeconds(30));
    }

    @Override
    public String events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(e -> Objects.toString(e.getLastTimestamp(), Objects.toString(e.getEventTime(), ""))))
                .map(KubernetesDiagnosticsSource::line).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(Event e) {
        return Objects.toString(e.getLastTimestamp(), "") + " " + e.getType() + " " + e.getReason() + " "
                + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " (x" + e.getCount() + "): " + e.getMessage();
    }

    @Override
    public List<PodRef> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream().map(KubernetesDiagnosticsSource::ref).toList();
    }

    private static PodRef ref(Pod pod) {
        List<Container> init = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                Stream.concat(init.stream(), pod.getSpec().getContainers().stream()).map(Container::getName).toList());
    }

    @Override
    public String log(PodRef pod, String container, boolean previous) {
        var resource = client.pods().inNamespace(pod.namespace()).withName(pod.name()).inContainer(container);
        return previous ? resource.terminated().getLog() : resource.getLog();
    }

    @Override
    public Map<String, String> corefiles() {
        Map<String, String> corefiles = new TreeMap<>();
        for (String[] ref : COREFILE_CONFIGMAPS) {
            ConfigMap configMap = client.configMaps().inNamespace(ref[0]).withName(ref[1]).get();
            if (configMap != null && configMap.getData() != null) {
                configMap.getData().forEach((key, value) -> corefiles.put(ref[0] + "/" + ref[1] + "/" + key, value));
            }
        }
        return corefiles;
    }

    @Override
    public List<PodRef> meshedClients() {
        return clientNamespaces.stream().flatMap(ns -> pods(ns).stream()).filter(p -> p.containers().contains(PROXY)).toList();
    }

    @Override
    public String envoy(PodRef pod, String path) {
        ExecResult result = exec.run(pod.namespace(), pod.name(), PROXY, List.of("pilot-agent", "request", "GET", path));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("pilot-agent request GET " + path + " in " + pod.name() + " exited " + result.exitCode()
                    + ": " + result.stderr().strip());
        }
        return result.stdout();
    }
}
