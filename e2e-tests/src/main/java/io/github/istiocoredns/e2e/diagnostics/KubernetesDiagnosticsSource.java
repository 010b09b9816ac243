package io.github.istiocoredns.e2e.diagnostics;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.http.ExecResult;
import io.github.istiocoredns.e2e.http.PodExec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
        return eventLines(client.v1().events().inNamespace(namespace).list().getItems());
    }

    /**
     * One line per event, oldest first. Events written through events.k8s.io (the scheduler's, for one) read back
     * through core/v1 carry no lastTimestamp and, when not repeated, no count: their time is the series' last
     * observation or eventTime, else firstTimestamp or the object's creation; events without any time come first.
     */
    static String eventLines(List<Event> events) {
        return events.stream().sorted(Comparator.comparing(KubernetesDiagnosticsSource::time, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(KubernetesDiagnosticsSource::line).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String line(Event e) {
        Instant time = time(e);
        Integer count = e.getCount() != null ? e.getCount() : e.getSeries() == null ? null : e.getSeries().getCount();
        ObjectReference object = e.getInvolvedObject();
        return (time == null ? "?" : time.toString()) + " " + e.getType() + " " + e.getReason() + " "
                + (object == null ? "?" : object.getKind() + "/" + object.getName()) + (count == null ? "" : " (x" + count + ")") + ": " + e.getMessage();
    }

    /** When the event last happened, from the first of its time fields that is set and readable. */
    static Instant time(Event e) {
        return Stream.of(e.getLastTimestamp(), e.getSeries() == null ? null : micro(e.getSeries().getLastObservedTime()), micro(e.getEventTime()),
                e.getFirstTimestamp(), e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp())
                .map(KubernetesDiagnosticsSource::instant).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String micro(MicroTime time) {
        return time == null ? null : time.getTime();
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
