package io.github.istiocoredns.e2e.node;

import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import io.github.istiocoredns.e2e.standin.StandInPluginServer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gives the plugin stand-in the cluster's ServiceEntries the way the plugin reads them (plugin.go): every
 * networking.istio.io/v1alpha3 ServiceEntry of every namespace, the name table rebuilt every 5 s. So a deleted
 * ServiceEntry stops resolving as late as it does with the real plugin, which the negative control measures.
 */
public final class ServiceEntryFeed implements AutoCloseable {

    /** The plugin's rebuild period (plugin.go). */
    public static final Duration REBUILD_PERIOD = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final StandInPluginServer standIn;
    private final ScheduledExecutorService timer;
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    private ServiceEntryFeed(KubernetesClient client, StandInPluginServer standIn) {
        this.client = client;
        this.standIn = standIn;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "service-entry feed");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads once now (so a failure shows at once), then every {@link #REBUILD_PERIOD}. */
    public static ServiceEntryFeed start(KubernetesClient client, StandInPluginServer standIn) {
        ServiceEntryFeed feed = new ServiceEntryFeed(client, standIn);
        feed.rebuild();
        feed.timer.scheduleWithFixedDelay(feed::rebuildQuietly, REBUILD_PERIOD.toMillis(), REBUILD_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return feed;
    }

    void rebuild() {
        standIn.replaceRecords(ServiceEntryRecords.from(client.resources(ServiceEntry.class).inAnyNamespace().list().getItems()));
    }

    /** A failed read keeps the previous table, as the plugin's informer keeps its cache. */
    private void rebuildQuietly() {
        try {
            rebuild();
            lastProblem.set(null);
        } catch (RuntimeException e) {
            lastProblem.set(e.toString());
        }
    }

    /** The last failed read, or null. */
    public String lastProblem() {
        return lastProblem.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
