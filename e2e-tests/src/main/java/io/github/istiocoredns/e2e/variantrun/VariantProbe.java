package io.github.istiocoredns.e2e.variantrun;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.KubeDnsPickup;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.http.DnsAnswer;
import io.github.istiocoredns.e2e.http.EnvoyAccessLog;
import io.github.istiocoredns.e2e.http.HttpAnswer;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.manifests.IstioObjects;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.LoadedObject;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.scenario.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The observation of one variant, run as the last step of its scenario so that it happens while everything is applied
 * and before the shared restore: wait for the workloads (or a blocking state), let kube-dns pick the change up, check
 * from the meshed client (several consecutive successes), then the negative control (delete the ServiceEntry, see the
 * name stop resolving and the route fail). Undo is left to the scenario's own steps.
 */
final class VariantProbe implements Step {

    static final String NAME = "my-fruits.internal";
    static final String URL = "http://" + NAME + "/api/fruits/au";
    static final String SPECIAL_URL = "http://" + NAME + "/api/fruits/special";
    static final int CONSECUTIVE = 3;
    private static final Duration WORKLOADS_BOUND = Duration.ofMinutes(5);
    private static final Duration ROUTE_BOUND = Duration.ofSeconds(60);
    /** Plugin rebuild (5 s) plus two caches of 30 s (istiocoredns, kube-dns stub), with room. */
    private static final Duration NEGATIVE_CONTROL_BOUND = Duration.ofSeconds(120);
    /** One exec into the client per second: consecutive answers are still at least a second apart. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Variant variant;
    private final ManifestSet objects;
    private final String fruitsAddress;
    private final String expectedBody;
    private final String expectedSpecialBody;
    private final Consumer<Observation> onObserved;
    private final Runnable onError;
    private final PullFailures pullFailures;
    private final Consumer<String> progress;
    private Observation observation;
    private Duration resolvedAfter;

    /**
     * @param onObserved gets the observation while the variant is still applied (before the negative control), so that
     *        diagnostics of a surprise show the state that caused it
     * @param onError called when a bounded wait of the observation itself timed out, also before anything changes
     * @param pullFailures decides when a pull has failed for good (one ErrImagePull is not final)
     * @param progress gets one line as each part of the observation ends, with its duration (where a variant's time goes)
     */
    VariantProbe(Variant variant, ManifestSet objects, String fruitsAddress, String expectedBody, String expectedSpecialBody,
            Consumer<Observation> onObserved, Runnable onError, PullFailures pullFailures, Consumer<String> progress) {
        this.variant = variant;
        this.objects = objects;
        this.fruitsAddress = fruitsAddress;
        this.expectedBody = expectedBody;
        this.expectedSpecialBody = expectedSpecialBody;
        this.onObserved = onObserved;
        this.onError = onError;
        this.pullFailures = pullFailures;
        this.progress = progress;
    }

    /**
     * How long after kube-dns had picked the change up (its restart done; for reload: from the moment the workloads
     * ran) the name resolved {@value #CONSECUTIVE} times in a row; empty if it did not resolve.
     */
    Optional<Duration> resolvedAfter() {
        return Optional.ofNullable(resolvedAfter);
    }

    /** What was observed; empty if this step never ran (an earlier step was rejected or failed). */
    Optional<Observation> observation() {
        return Optional.ofNullable(observation);
    }

    @Override
    public String name() {
        return "observe " + variant.id();
    }

    @Override
    public String plan() {
        return "wait for the workloads, " + pickupPlan() + ", check " + NAME + " (A " + fruitsAddress + ") and GET " + URL + " from the meshed client "
                + CONSECUTIVE + " times in a row, then delete the ServiceEntry and check that the name and the route fail";
    }

    private String pickupPlan() {
        return switch (variant.kubeDnsPickup()) {
            case RESTART -> "restart kube-dns";
            case RELOAD -> "wait for kube-dns to reload by itself (no restart)";
            case NONE -> "leave kube-dns alone";
        };
    }

    @Override
    public String apply(Cluster cluster) {
        try {
            observation = observe(cluster);
            onObserved.accept(observation);
            if (observation.dns() != null && observation.dns().resolved()) {
                observation = observation.withNewEntry(newEntry(cluster, meshClient(cluster)));
                progress.accept(String.valueOf(observation.newEntry()));
                observation = observation.withNegativeControl(negativeControl(cluster, meshClient(cluster)));
                progress.accept("negative control " + observation.negativeControl());
            }
        } catch (ConditionNotMetError e) {
            onError.run();
            throw new IllegalStateException(e.getMessage());
        }
        return "observed: " + observation;
    }

    private Observation observe(Cluster cluster) {
        List<Deployment> deployments = objects.all(Deployment.class).toList();
        AtomicReference<String> blocking = new AtomicReference<>();
        long workloadsStarted = System.nanoTime();
        new Eventually(WORKLOADS_BOUND).withPollInterval(POLL).until("the workloads of " + variant.id() + " run or are blocked",
                () -> workloads(cluster, deployments, blocking), settled -> settled);
        String blocked = blocking.get();
        progress.accept("workloads " + (blocked == null ? "ready" : "blocked") + " after " + since(workloadsStarted));
        if (blocked != null && blocked.startsWith("pull:")) {
            return Observation.pullFailed(blocked.substring(5));
        }
        if (blocked != null) {
            return Observation.crashLooping(blocked.substring(6));
        }
        if (variant.kubeDnsPickup() == KubeDnsPickup.RESTART) {
            long restartStarted = System.nanoTime();
            new KubeDns(cluster.client()).restart();
            progress.accept("kube-dns restarted in " + since(restartStarted));
        }
        MeshClient client = meshClient(cluster);
        long dnsWaitStarted = System.nanoTime();
        DnsAnswer dns = lastOf("my-fruits.internal resolves to " + fruitsAddress + " from " + client.namespace(), dnsBound(),
                () -> client.resolve(NAME), answer -> answer.resolvesTo(fruitsAddress));
        if (!dns.resolvesTo(fruitsAddress)) {
            return new Observation(null, null, null, dns, null, null);
        }
        // Includes the consecutive successes (CONSECUTIVE - 1 polls): the figure is an upper bound.
        resolvedAfter = Duration.ofNanos(System.nanoTime() - dnsWaitStarted);
        progress.accept(NAME + " resolved " + CONSECUTIVE + " times in a row after " + since(dnsWaitStarted));
        long routeStarted = System.nanoTime();
        HttpAnswer http = lastOf("GET " + URL + " returns fruits-api's JSON, or the mesh refuses it, " + CONSECUTIVE + " times alike", ROUTE_BOUND,
                () -> client.get(URL), settled(a -> a.is(200, expectedBody), HttpAnswer::refusedByEnvoy));
        if (http.is(200, expectedBody)) {
            // The route has settled (above): the second path must answer exactly once, retried within the bound.
            HttpAnswer special = lastOf("GET " + SPECIAL_URL + " returns " + expectedSpecialBody, ROUTE_BOUND, () -> client.get(SPECIAL_URL),
                    a -> a.is(200, expectedSpecialBody), POLL, 1);
            http = special.is(200, expectedSpecialBody) ? http : special;
        }
        progress.accept("GET answered alike " + CONSECUTIVE + " times (" + http.status() + ") after " + since(routeStarted));
        // One more request, traced through the client sidecar's access log: which route and cluster served it.
        MeshClient.Traced traced = client.trace(URL);
        EnvoyAccessLog envoy = traced.answer().status() == http.status() ? traced.envoy().orElse(null) : null;
        return new Observation(null, null, null, dns, http, null, envoy, null);
    }

    /**
     * Accepts an answer of one of the given kinds when the answer before it was of the same kind, so that consecutive
     * acceptances mean one settled answer, not a route that flaps between success and refusal.
     */
    @SafeVarargs
    static <T> Predicate<T> settled(Predicate<T>... kinds) {
        AtomicReference<Integer> previous = new AtomicReference<>();
        return answer -> {
            Integer kind = null;
            for (int i = 0; i < kinds.length && kind == null; i++) {
                kind = kinds[i].test(answer) ? i : null;
            }
            Integer before = previous.getAndSet(kind);
            return kind != null && (before == null || before.equals(kind));
        };
    }

    /** Deletes the ServiceEntry (its own step's undo then finds it gone) and waits for the name and route to fail. */
    private String negativeControl(Cluster cluster, MeshClient client) {
        List<HasMetadata> entries = IstioObjects.serviceEntries(objects).map(LoadedObject::object).toList();
        entries.forEach(entry -> cluster.client().resource(entry).delete());
        long started = System.nanoTime();
        try {
            new Eventually(NEGATIVE_CONTROL_BOUND).withPollInterval(POLL).withConsecutiveSuccesses(2).until(
                    NAME + " is NXDOMAIN once the ServiceEntry is deleted", () -> client.resolve(NAME), DnsAnswer::nxdomain);
            HttpAnswer route = client.get(URL);
            String seconds = String.format("%.0f s", (System.nanoTime() - started) / 1e9);
            return route.is(200, expectedBody) ? NEGATIVE_CONTROL_FAILED + ": the name stopped resolving after " + seconds + " but GET still answered"
                    : "passed: NXDOMAIN " + seconds + " after deleting the ServiceEntry; GET: " + route;
        } catch (ConditionNotMetError e) {
            return NEGATIVE_CONTROL_FAILED + ": " + e.getMessage();
        }
    }

    static final String NEGATIVE_CONTROL_FAILED = "FAILED";
    /** A name never asked for before, so that no cache holds an answer for it. */
    static final String NEW_ENTRY_HOST = "late-fruits.internal";
    private static final Duration NEW_ENTRY_BOUND = Duration.ofSeconds(30);

    /**
     * Creates a second ServiceEntry like the variant's, for a host never asked for, and measures how long until the
     * client resolves it (the plugin's 5 s rebuild, or istiod's push to the agent), then deletes it again.
     */
    private String newEntry(Cluster cluster, MeshClient client) {
        HasMetadata entry = IstioObjects.serviceEntries(objects).map(LoadedObject::object).findFirst().orElse(null);
        if (entry == null) {
            return null;
        }
        HasMetadata late = cluster.client().getKubernetesSerialization().clone(entry);
        late.getMetadata().setName("late-" + entry.getMetadata().getName());
        late.getMetadata().setResourceVersion(null);
        late.getMetadata().setUid(null);
        IstioObjects.serviceEntry(late).orElseThrow().setHosts(List.of(NEW_ENTRY_HOST));
        long started = System.nanoTime();
        try {
            cluster.client().resource(late).create();
            DnsAnswer answer = lastOf(NEW_ENTRY_HOST + " resolves to " + fruitsAddress + " after its ServiceEntry was created", NEW_ENTRY_BOUND,
                    () -> client.resolve(NEW_ENTRY_HOST), a -> a.resolvesTo(fruitsAddress), Duration.ofMillis(500), 1);
            double seconds = (System.nanoTime() - started) / 1e9;
            return answer.resolvesTo(fruitsAddress) ? String.format("a ServiceEntry created now resolved after %.1f s", seconds)
                    : String.format("a ServiceEntry created now did not resolve within %d s (%s)", NEW_ENTRY_BOUND.toSeconds(), answer);
        } finally {
            cluster.client().resource(late).delete();
        }
    }

    private Duration dnsBound() {
        // reload: the kubelet syncs the mounted ConfigMap (up to about a minute), then CoreDNS's reload checks every 30 s.
        // Else a stale NXDOMAIN can last the plugin's 5 s rebuild plus two caches of 30 s (istiocoredns, kube-dns's
        // stub block), with 10 s to spare: past that, a name that does not resolve will not.
        return variant.kubeDnsPickup() == KubeDnsPickup.RELOAD ? Duration.ofMinutes(4) : Duration.ofSeconds(75);
    }

    /** The accepted answer after {@value #CONSECUTIVE} in a row, or the last one seen when the bound passed. */
    private static <T> T lastOf(String condition, Duration bound, Supplier<T> probe, Predicate<T> accepted) {
        return lastOf(condition, bound, probe, accepted, POLL, CONSECUTIVE);
    }

    private static <T> T lastOf(String condition, Duration bound, Supplier<T> probe, Predicate<T> accepted, Duration poll, int consecutive) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return new Eventually(bound).withPollInterval(poll).withConsecutiveSuccesses(consecutive).until(condition, () -> {
                T value = probe.get();
                last.set(value);
                return value;
            }, accepted).value();
        } catch (ConditionNotMetError e) {
            if (last.get() == null) {
                throw e;
            }
            return last.get();
        }
    }

    /** Whether every workload runs (true) or one is blocked (true, reason in {@code blocking}); false while starting. */
    private boolean workloads(Cluster cluster, List<Deployment> deployments, AtomicReference<String> blocking) {
        List<Pod> all = new ArrayList<>();
        boolean allReady = true;
        for (Deployment deployment : deployments) {
            List<Pod> pods = cluster.client().pods().inNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems();
            all.addAll(pods);
            allReady &= !pods.isEmpty() && pods.stream().allMatch(WorkloadState::ready);
            boolean istiocoredns = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                    .anyMatch(c -> IstiocorednsRenderer.COREDNS_CONTAINER.equals(c.getName()));
            for (Pod pod : pods) {
                if (istiocoredns && WorkloadState.crashLooping(pod, IstiocorednsRenderer.COREDNS_CONTAINER)) {
                    blocking.set("crash:" + lastLines(cluster, pod));
                    return true;
                }
            }
        }
        Optional<String> pull = pullFailures.persistent(all, Instant.now()).map(PullFailures.Failure::text);
        if (pull.isPresent()) {
            blocking.set("pull:" + pull.get());
            return true;
        }
        return allReady;
    }

    private static String lastLines(Cluster cluster, Pod pod) {
        String log = cluster.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .inContainer(IstiocorednsRenderer.COREDNS_CONTAINER).terminated().getLog();
        List<String> lines = Arrays.stream(log == null ? new String[0] : log.split("\\R")).filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream().collect(Collectors.joining(" | "));
    }

    private static String since(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    /** The variant's client: the Deployment with a container named client. */
    private MeshClient meshClient(Cluster cluster) {
        Deployment client = objects.all(Deployment.class)
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> MeshClient.CONTAINER.equals(c.getName())))
                .findFirst().orElseThrow(() -> new IllegalStateException("variant " + variant.id() + " deploys no client (a container named "
                        + MeshClient.CONTAINER + ")"));
        return new MeshClient(cluster.client(), client.getMetadata().getNamespace(), client.getSpec().getTemplate().getMetadata().getLabels().get("app"));
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        return Optional.empty();
    }

    @Override
    public String undo(Cluster cluster) {
        return "nothing to undo (the ServiceEntry's own step deletes it)";
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        return Optional.empty();
    }
}
