package io.github.istiocoredns.e2e.clustertier;

import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.existing.ClusterChoice;
import io.github.istiocoredns.e2e.existing.ExistingCluster;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.k3s.ClusterImages;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.k3s.ImageSupply;
import io.github.istiocoredns.e2e.k3s.K3sCluster;
import io.github.istiocoredns.e2e.k3s.PullOutcome;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.mesh.IstioInstaller;
import io.github.istiocoredns.e2e.mesh.IstioReadiness;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.variantrun.PullFailures;
import io.github.istiocoredns.e2e.variantrun.RestoreProbe;
import io.github.istiocoredns.e2e.variantrun.VariantSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * What the whole tier shares, started once: the cluster (k3s or an existing one), images pulled inside k3s while the
 * fruits-api image is imported and Istio installed, Istio ready to inject, and an unmeshed pod that checks, after each
 * restore, that the stub name no longer resolves.
 */
final class ClusterTierRun implements AutoCloseable {

    private static final Duration ISTIO_READY_BOUND = Duration.ofMinutes(5);
    private static final int PARALLEL_PULLS = 3;
    /** A pull inside k3s is bounded itself (K3sCluster: 3 minutes); a little more to collect its outcome. */
    private static final Duration PULL_WAIT = Duration.ofMinutes(4);

    private final Cluster cluster;
    private final Map<String, CompletableFuture<PullOutcome>> pulls;
    private final ExecutorService pullers;
    private final MeshClient restoreProbe;
    private final ImageSource.Istio istio;
    private final PhaseLog phases;
    private static final Object HELM = new Object();

    private ClusterTierRun(Cluster cluster, Map<String, CompletableFuture<PullOutcome>> pulls, ExecutorService pullers, MeshClient restoreProbe,
            ImageSource.Istio istio, PhaseLog phases) {
        this.phases = phases;
        this.cluster = cluster;
        this.pulls = pulls;
        this.pullers = pullers;
        this.restoreProbe = restoreProbe;
        this.istio = istio;
    }

    /** Writes diagnostics of a setup that failed, while the cluster still runs. */
    @FunctionalInterface
    interface SetupDiagnostics {

        /**
         * @param cluster the cluster, or null when none was started
         * @param extras files from outside the cluster's API (the k3s container's log)
         */
        void write(Cluster cluster, String reason, Map<String, Callable<String>> extras);
    }

    static final String K3S_LOG = "k3s/container.log";

    static ClusterTierRun start(ClusterChoice choice, VariantCatalog catalog, List<Variant> variants, Path targetDirectory, Path fruitsTarball,
            PhaseLog phases, SetupDiagnostics diagnostics) {
        VariantSetup setup = new VariantSetup(catalog);
        ExecutorService pullers = Executors.newFixedThreadPool(PARALLEL_PULLS);
        Map<String, CompletableFuture<PullOutcome>> pulls = new LinkedHashMap<>();
        Cluster cluster = null;
        ImageSource.Istio istio = null;
        try {
            Path kubeconfig;
            if (choice.kind() == ClusterChoice.Kind.K3S) {
                K3sCluster.Options options = K3sCluster.Options.fromSystemProperties(catalog.platform().k3s().image(), targetDirectory);
                ImageSource source = ImageSource.fromSystem(options.image(), ImageSource::isOfflineK3s);
                istio = source.istio(catalog);
                phases.log("[images] " + source.label() + " (-D" + ImageSource.PROPERTY + "): " + istio.description());
                ClusterProfile profile = mostUsedProfile(catalog, variants);
                K3sCluster k3s = phases.time("k3s start (" + options.image() + ", service range " + profile.serviceCidr() + ")",
                        () -> K3sCluster.start(options, profile, phases::log));
                cluster = k3s;
                ImageSupply supply = ImageSupply.plan(Stream.concat(ClusterImages.istio(istio.plan()).stream(),
                        ClusterImages.workloads(setup, variants).stream()).distinct().toList(),
                        image -> ImagePresence.resolved(image).asCanonicalNameString(), ImagePresence::presentLocally);
                // Pulls run inside k3s while the copies and the Istio install go on.
                supply.toPull().forEach(image -> pulls.put(image, CompletableFuture.supplyAsync(() -> k3s.pull(image), pullers)));
                phases.time("images from the local Docker (" + supply.fromDocker().size() + ", " + supply.toPull().size() + " pulled by k3s)",
                        () -> k3s.importFromDocker(supply.fromDocker(), targetDirectory.resolve("k3s-images")));
                supply.fromDocker().forEach((image, local) -> phases.log("[images] " + image + (image.equals(local) ? "" : " <- " + local)
                        + " copied from the local Docker"));
                phases.time("image import (" + fruitsTarball.getFileName() + ")", () -> k3s.importImage(fruitsTarball));
                kubeconfig = k3s.kubeconfigFile();
            } else {
                ExistingCluster existing = phases.time("connect to the existing cluster", () -> ExistingCluster.connect(choice.kubeconfig()));
                cluster = existing;
                istio = ImageSource.PUBLISHED.istio(catalog);
                existing.announce(VariantSelection.namespaces(setup, variants), phases::log);
                kubeconfig = existing.kubeconfig();
            }
            Cluster target = cluster;
            IstioInstallPlan plan = istio.plan();
            if (istiodPresent(cluster)) {
                phases.log("[istio] istio-system/istiod already exists: using the installed Istio, not installing " + plan.version());
            } else {
                phases.time("Istio install " + plan.version() + " (charts base, istiod)", () -> {
                    // One Helm call at a time in this JVM: helm-java's native library and the JVM signal handlers it
                    // replaces (JvmSignals) are process-wide, and lanes start their clusters side by side.
                    synchronized (HELM) {
                        return new IstioInstaller(kubeconfig, targetDirectory.resolve("helm"), phases::log).install(plan);
                    }
                });
            }
            phases.time("Istio ready (istiod available, sidecar injector answers)", () -> new IstioReadiness(target.client(), ISTIO_READY_BOUND, RestoreProbe.clientImage(setup, variants)).await());
            MeshClient probe = phases.time("restore probe pod", () -> RestoreProbe.start(target, RestoreProbe.clientImage(setup, variants)));
            phases.time("cluster DNS answers " + RestoreProbe.KNOWN_NAME + " and NXDOMAIN for the stub name", () -> RestoreProbe.requireClusterDns(target, probe));
            return new ClusterTierRun(cluster, pulls, pullers, probe, istio, phases);
        } catch (RuntimeException | Error e) {
            pullers.shutdownNow();
            if (istio != null) {
                istio.close();
            }
            failed(cluster, e, diagnostics);
            throw e;
        }
    }

    /** A setup step failed: diagnostics first, while k3s and its pods still exist, then the cluster is closed. */
    static void failed(Cluster cluster, Throwable failure, SetupDiagnostics diagnostics) {
        Map<String, Callable<String>> extras = new LinkedHashMap<>();
        if (cluster instanceof K3sCluster k3s) {
            extras.put(K3S_LOG, k3s::containerLog);
        } else if (failure instanceof K3sCluster.StartFailure start) {
            extras.put(K3S_LOG, start::containerLog);
        }
        try {
            diagnostics.write(cluster, "cluster tier setup failed: " + failure, extras);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    Cluster cluster() {
        return cluster;
    }

    MeshClient restoreProbe() {
        return restoreProbe;
    }

    /** The run's phase log, labelled with its lane where several clusters run side by side. */
    PhaseLog phases() {
        return phases;
    }

    /**
     * Why the tier's own pull of this image failed, waiting for it if it still runs; empty when it worked or was not
     * asked for (the image came from the local Docker).
     */
    Optional<String> awaitPullFailure(String image) {
        String wanted = PullFailures.normalized(image);
        Optional<CompletableFuture<PullOutcome>> pull = pulls.entrySet().stream().filter(e -> PullFailures.normalized(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue).findFirst();
        if (pull.isEmpty()) {
            return Optional.empty();
        }
        try {
            PullOutcome outcome = pull.get().get(PULL_WAIT.toSeconds(), TimeUnit.SECONDS);
            return outcome.pulled() ? Optional.empty() : Optional.of(outcome.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the pull of " + image);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("the pull of " + image + " did not end: " + e);
        }
    }

    /** Why the tier's own pull of this image failed; empty when it worked, is still running, or was not asked for. */
    Optional<String> prePullFailure(String image) {
        String wanted = PullFailures.normalized(image);
        return pulls.entrySet().stream().filter(e -> PullFailures.normalized(e.getKey()).equals(wanted)).map(Map.Entry::getValue)
                .filter(pull -> pull.isDone() && !pull.isCompletedExceptionally()).map(CompletableFuture::join)
                .filter(outcome -> !outcome.pulled()).map(PullOutcome::line).findFirst();
    }

    /** The pulls done so far, one line each (the report's evidence for unpullable images). */
    List<String> pullLines() {
        List<String> lines = new ArrayList<>();
        pulls.forEach((image, pull) -> lines.add(pull.isDone() && !pull.isCompletedExceptionally() ? pull.join().line() : image + ": pull still running"));
        return lines;
    }

    private static boolean istiodPresent(Cluster cluster) {
        return cluster.client().apps().deployments().inNamespace(IstioInstallPlan.NAMESPACE).withName("istiod").get() != null;
    }

    /** k3s is started once for all variants: with the service range most of them assume (others adapt their clusterIP). */
    private static ClusterProfile mostUsedProfile(VariantCatalog catalog, List<Variant> variants) {
        Map<String, Long> counts = new LinkedHashMap<>();
        variants.forEach(v -> counts.merge(v.clusterProfile(), 1L, Long::sum));
        return catalog.clusterProfile(counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
    }

    /** What Istio this run installed, and from where (the report says it). */
    String istioDescription() {
        return istio.description();
    }

    @Override
    public void close() {
        pullers.shutdownNow();
        istio.close();
        try {
            cluster.client().namespaces().withName(RestoreProbe.NAMESPACE).delete();
        } finally {
            cluster.close();
        }
    }
}
