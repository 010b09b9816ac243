package io.github.istiocoredns.e2e.k3s;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.SaveImagesCmd;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.dockerdns.CoreDnsContainer;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in one privileged container, started once for the whole run. Its service range is the cluster profile's
 * ({@link K3sCommand}); the kubeconfig comes from the container. {@link #close} stops it unless the run asked to keep
 * it ({@value #KEEP_PROPERTY}), in which case its kubeconfig stays under target/ and {@link ExplorationHints} are
 * printed.
 *
 * <pre>{@code
 * try (K3sCluster k3s = K3sCluster.start(K3sCluster.Options.fromSystemProperties(catalog), profile, System.out::println)) {
 *     k3s.importImage(Path.of("fruits-api/target/jib-image.tar"));
 * }
 * }</pre>
 */
public final class K3sCluster implements Cluster {

    public static final String IMAGE_PROPERTY = "k3s.image";
    public static final String KEEP_PROPERTY = "conformance.keepCluster";
    /** A k3s registries.yaml (mirrors, credentials) for the pulls inside k3s, e.g. against Docker Hub's rate limit. */
    public static final String REGISTRIES_PROPERTY = "k3s.registries";
    /** Where k3s reads it when it starts (docs.k3s.io, Private Registry Configuration). */
    static final String REGISTRIES_PATH = "/etc/rancher/k3s/registries.yaml";
    /** A cold CI runner pulls the image, unpacks k3s and starts its controllers: minutes, not the module's 60 s. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(3);
    private static final String IMPORT_PATH = "/tmp/imported-image.tar";

    /**
     * @param image the k3s image ({@value #IMAGE_PROPERTY}, default the catalog's pin)
     * @param keep whether to leave the cluster running after the run ({@value #KEEP_PROPERTY})
     * @param kubeconfigFile where the kubeconfig is written (helm-java and people read it there)
     * @param registries a registries.yaml for k3s ({@value #REGISTRIES_PROPERTY}), or null
     */
    public record Options(String image, boolean keep, Path kubeconfigFile, Path registries) {

        public Options(String image, boolean keep, Path kubeconfigFile) {
            this(image, keep, kubeconfigFile, null);
        }

        public static Options fromSystemProperties(String pinnedImage, Path targetDirectory) {
            String image = System.getProperty(IMAGE_PROPERTY, "");
            String registries = System.getProperty(REGISTRIES_PROPERTY, "");
            return new Options(image.isBlank() ? pinnedImage : image.strip(), Boolean.getBoolean(KEEP_PROPERTY),
                    targetDirectory.resolve("k3s-kubeconfig.yaml"), registries.isBlank() ? null : registriesFile(registries.strip()));
        }

        private static Path registriesFile(String value) {
            Path file = Path.of(value).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("-D" + REGISTRIES_PROPERTY + "=" + value + ": no such file (" + file
                        + "); expected a k3s registries.yaml, see https://docs.k3s.io/installation/private-registry");
            }
            return file;
        }
    }

    private final K3sContainer container;
    private final CoreDnsContainer upstream;
    private final KubernetesClient client;
    private final Cidr serviceCidr;
    private final Options options;
    private final Consumer<String> log;
    private final ExecutorService execs = execThreads();

    private K3sCluster(K3sContainer container, CoreDnsContainer upstream, KubernetesClient client, Cidr serviceCidr, Options options,
            Consumer<String> log) {
        this.container = container;
        this.upstream = upstream;
        this.client = client;
        this.serviceCidr = serviceCidr;
        this.options = options;
        this.log = log;
    }

    /** Starts k3s and waits (at most {@link #STARTUP_TIMEOUT}) until its node controller has synced. */
    @SuppressWarnings("resource") // closed by close(), or kept on purpose
    public static K3sCluster start(Options options, ClusterProfile profile, Consumer<String> log) {
        // Testcontainers applies the image name substitution itself (mirror prefix, offline mirror), as ImagePresence did for its check.
        K3sContainer container = new K3sContainer(DockerImageName.parse(options.image()));
        DockerClient docker = DockerClientFactory.lazyClient();
        boolean cgroupV1 = "1".equals(docker.infoCmd().exec().getCGroupVersion());
        String resolved = ImagePresence.resolved(options.image()).asCanonicalNameString();
        K3sPrivileges privileges = K3sPrivileges.decide(System.getProperty(K3sPrivileges.PROPERTY, ""),
                () -> K3sPrivileges.privilegedRefusal(docker, resolved));
        if (privileges == K3sPrivileges.EMULATED) {
            // After K3sContainer's own modifier, so that this host configuration is the one used.
            container.withCreateContainerCmdModifier(command -> K3sPrivileges.emulate(command.getHostConfig()));
        }
        log.accept("[k3s] " + resolved + ": " + (privileges == K3sPrivileges.PRIVILEGED ? "privileged"
                : "privileges emulated (this Docker host refuses --privileged; -D" + K3sPrivileges.PROPERTY + ")")
                + (cgroupV1 ? ", kubelet allowed on this cgroup v1 host" : ""));
        CoreDnsContainer upstream = UpstreamResolver.start(options.keep(), log);
        container.withCommand(K3sCommand.of(container.getHost(), profile, cgroupV1).toArray(String[]::new))
                .withCopyToContainer(Transferable.of(UpstreamResolver.resolvConf(upstream.ipAddress())), UpstreamResolver.RESOLV_CONF_PATH)
                .withStartupTimeout(STARTUP_TIMEOUT);
        if (options.registries() != null) {
            container.withCopyFileToContainer(MountableFile.forHostPath(options.registries()), REGISTRIES_PATH);
            log.accept("[k3s] registries from " + options.registries() + " (" + REGISTRIES_PATH + ")");
        }
        KeptContainer.configure(container, options.keep(), KeptContainer::environmentSupportsReuse)
                .ifPresent(warning -> log.accept("[k3s] " + warning));
        try {
            container.start();
        } catch (RuntimeException e) {
            // Without Ryuk nothing else removes a container that failed to start; its log says why it failed.
            String containerLog = logOf(container);
            stop(container, upstream);
            throw new StartFailure("k3s (" + options.image() + ") did not start: " + e.getMessage(), containerLog, e);
        }
        try {
            String kubeconfig = container.getKubeConfigYaml();
            Files.createDirectories(options.kubeconfigFile().toAbsolutePath().getParent());
            Files.writeString(options.kubeconfigFile(), kubeconfig, StandardCharsets.UTF_8);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
            return new K3sCluster(container, upstream, client, Cidr.parse(profile.serviceCidr()), options, log);
        } catch (IOException | RuntimeException e) {
            stop(container, upstream);
            throw e instanceof IOException io ? new UncheckedIOException("Cannot write " + options.kubeconfigFile(), io)
                    : (RuntimeException) e;
        }
    }

    /** A k3s that did not start, with what its container logged (for the diagnostics). */
    public static final class StartFailure extends RuntimeException {

        private final String containerLog;

        StartFailure(String message, String containerLog, Throwable cause) {
            super(message, cause);
            this.containerLog = containerLog;
        }

        public String containerLog() {
            return containerLog;
        }
    }

    /** Everything the k3s container wrote to stdout and stderr so far (k3s's own log: server, kubelet, containerd). */
    public String containerLog() {
        return logOf(container);
    }

    private static String logOf(K3sContainer container) {
        try {
            return container.getContainerId() == null ? "(no container was created)" : container.getLogs();
        } catch (RuntimeException e) {
            return "(the container's log could not be read: " + e + ")";
        }
    }

    /**
     * Imports an image tarball (Docker or OCI archive, as Jib writes it) into k3s's containerd, namespace k8s.io, where
     * the kubelet finds it: for images no registry serves, such as our fruits-api.
     */
    public String importImage(Path tarball) {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("No image tarball at " + tarball.toAbsolutePath()
                    + ": build it first (./mvnw -pl fruits-api package writes fruits-api/target/jib-image.tar)");
        }
        container.copyFileToContainer(MountableFile.forHostPath(tarball), IMPORT_PATH);
        ExecResult result = exec(IMPORT_TIMEOUT, ContainerdCommands.importImage(IMPORT_PATH));
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("ctr import of " + tarball + " into k3s failed (exit " + result.getExitCode() + "): "
                    + result.getStderr().strip());
        }
        return result.getStdout().strip();
    }

    /**
     * Copies images from the local Docker into k3s's containerd (namespace k8s.io) in one archive, each under the full
     * name the kubelet looks for ({@link ImageSupply#fullName}): what no registry serves here, from scripts/offline-images.
     *
     * @param images the image as the manifests name it, to the local Docker name it is copied from
     * @param workDirectory where the archive is written on the way (deleted afterwards)
     */
    public void importFromDocker(Map<String, String> images, Path workDirectory) {
        if (images.isEmpty()) {
            return;
        }
        List<String> locals = images.values().stream().distinct().toList();
        Path archive;
        try {
            Files.createDirectories(workDirectory);
            archive = Files.createTempFile(workDirectory, "images-for-k3s-", ".tar");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an image archive under " + workDirectory, e);
        }
        try {
            SaveImagesCmd save = DockerClientFactory.lazyClient().saveImagesCmd();
            locals.forEach(local -> {
                int colon = local.lastIndexOf(':');
                save.withImage(local.substring(0, colon), local.substring(colon + 1));
            });
            try (InputStream in = save.exec()) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            importImage(archive);
            for (Map.Entry<String, String> image : images.entrySet()) {
                String wanted = ImageSupply.fullName(image.getKey());
                if (!wanted.equals(image.getValue())) {
                    ExecResult tagged = exec(IMPORT_TIMEOUT, ContainerdCommands.tag(image.getValue(), wanted));
                    if (tagged.getExitCode() != 0) {
                        throw new IllegalStateException("ctr images tag " + image.getValue() + " " + wanted + " in k3s failed: " + tagged.getStderr().strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("docker save of " + locals + " failed", e);
        } finally {
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                log.accept("[k3s] could not delete " + archive + ": " + e);
            }
        }
    }

    /** Pulls one image with k3s's containerd (crictl); the outcome, never an exception. */
    public PullOutcome pull(String image) {
        long started = System.nanoTime();
        try {
            ExecResult result = exec(IMPORT_TIMEOUT, ContainerdCommands.pull(image));
            return new PullOutcome(image, result.getExitCode() == 0, (result.getStdout() + result.getStderr()).strip(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            return new PullOutcome(image, false, e.toString(), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** docker exec in k3s, bounded: execInContainer has no timeout of its own (a hung pull must not hang the run). */
    private ExecResult exec(Duration timeout, List<String> command) {
        return bounded(execs, timeout, command, () -> container.execInContainer(command.toArray(String[]::new)));
    }

    /**
     * Runs one exec on the cluster's own threads and waits at most {@code timeout} for it; on timeout the exec is
     * cancelled (its thread interrupted, which ends the wait for the exec; the process in k3s may run on) and the error
     * names the command and the timeout.
     */
    static <T> T bounded(ExecutorService executor, Duration timeout, List<String> command, Callable<T> exec) {
        Future<T> running;
        try {
            running = executor.submit(exec);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + " in k3s: the cluster is closed", e);
        }
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new IllegalStateException(String.join(" ", command) + " in k3s timed out after " + seconds(timeout) + " and was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("docker exec " + String.join(" ", command) + " in k3s failed", io);
            }
            throw new IllegalStateException("docker exec " + String.join(" ", command) + " in k3s failed: " + cause, cause);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + String.join(" ", command) + " in k3s", e);
        }
    }

    /**
     * Threads for the cluster's execs alone: as many as run at once (parallel pulls must not queue ahead of an import,
     * as on the CPU-sized common pool, where a bounded exec's time counted from its queueing), daemons so that a
     * cancelled exec that ignores its interrupt cannot keep the JVM alive.
     */
    static ExecutorService execThreads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "k3s-exec-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    public String image() {
        return options.image();
    }

    public Path kubeconfigFile() {
        return options.kubeconfigFile();
    }

    @Override
    public String name() {
        return "k3s " + options.image() + " (service range " + serviceCidr + ")";
    }

    @Override
    public String kind() {
        return "k3s";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Cidr serviceCidr() {
        return serviceCidr;
    }

    @Override
    public boolean runsPods() {
        return true;
    }

    @Override
    public boolean runsControllers() {
        return true;
    }

    @Override
    public boolean hasKubeDns() {
        return true;
    }

    @Override
    public void close() {
        execs.shutdownNow();
        try {
            client.close();
        } finally {
            if (options.keep()) {
                ExplorationHints.lines(options.kubeconfigFile(), container.getContainerId()).forEach(log);
                log.accept("[k3s] kept with it: its upstream resolver, container " + upstream.getContainerId()
                        + " (docker rm -f it together with k3s)");
            } else {
                stop(container, upstream);
            }
        }
    }

    /** k3s, then its upstream resolver, which it needs while it runs; the resolver also when stopping k3s fails. */
    private static void stop(K3sContainer container, CoreDnsContainer upstream) {
        try {
            container.stop();
        } finally {
            upstream.stop();
        }
    }
}
