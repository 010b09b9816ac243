package io.github.istiocoredns.e2e.apiserver;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real kube-apiserver with etcd and nothing else (no nodes, no controllers, no kube-dns), run by fabric8's
 * kube-api-test from local binaries. It validates and stores objects exactly as a cluster's API server does
 * (schemas, CRDs and their CEL rules, the service range), which is what the API-server tier checks.
 *
 * <pre>{@code
 * try (ApiServerCluster cluster = ApiServerCluster.start(KubeBinaries.fromSystemProperties(),
 *         Cidr.parse(ApiServerCluster.DEFAULT_SERVICE_CIDR), Path.of("target/kube-api-test/main"))) {
 *     cluster.client().namespaces().list();
 * }
 * }</pre>
 */
public final class ApiServerCluster implements Cluster {

    /** The article's (kubeadm, Docker Desktop) service range. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    /** k3s's default service range (FACTS §4). */
    public static final String K3S_DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Cidr serviceCidr;
    private final String kubernetesVersion;
    private final Duration startup;

    private ApiServerCluster(KubeAPIServer server, KubernetesClient client, Cidr serviceCidr, String kubernetesVersion,
            Duration startup) {
        this.server = server;
        this.client = client;
        this.serviceCidr = serviceCidr;
        this.kubernetesVersion = kubernetesVersion;
        this.startup = startup;
    }

    /**
     * Starts kube-apiserver and etcd with {@code serviceCidr} as the service range; blocks until the API answers.
     *
     * @param workDirectory this server's own kube-api-test directory (certificates, the binaries view)
     */
    public static ApiServerCluster start(KubeBinaries binaries, Cidr serviceCidr, Path workDirectory) {
        long started = System.nanoTime();
        Path resolved = binaries.resolve();
        Path view = KubeBinaries.viewWithServiceRangeFix(resolved, workDirectory.toAbsolutePath());
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(workDirectory.toAbsolutePath().toString())
                .withApiServerVersion(KubeBinaries.versionOf(view))
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withApiServerFlag("--service-cluster-ip-range", serviceCidr.toString())
                // Only loopback: nothing outside this machine needs to reach it.
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .build());
        server.start();
        KubernetesClient client = null;
        try {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
            String version = client.getKubernetesVersion().getGitVersion();
            return new ApiServerCluster(server, client, serviceCidr, version, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.stop();
            throw e;
        }
    }

    @Override
    public String name() {
        return "kube-apiserver " + kubernetesVersion + " (service range " + serviceCidr + ")";
    }

    @Override
    public String kind() {
        return "kube-apiserver";
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
        return false;
    }

    @Override
    public boolean runsControllers() {
        return false;
    }

    @Override
    public boolean hasKubeDns() {
        return false;
    }

    /** The server's version as it reports it, e.g. v1.35.6. */
    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    /** From the call to {@link #start} until the API answered (binaries, certificates, etcd, kube-apiserver). */
    public Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.stop();
        }
    }
}
