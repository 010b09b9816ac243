package io.github.istiocoredns.e2e.existing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A cluster the user already runs, reached through their kubeconfig. The suite never starts or stops it; its service
 * range is discovered ({@link ServiceRangeDiscovery}) so the scenarios can move the fixed clusterIP into it; and before
 * anything changes the user is told what will ({@link #announce}).
 */
public final class ExistingCluster implements Cluster {

    private final Path kubeconfig;
    private final KubernetesClient client;
    private final Cidr serviceCidr;
    private final boolean hasKubeDns;

    private ExistingCluster(Path kubeconfig, KubernetesClient client, Cidr serviceCidr, boolean hasKubeDns) {
        this.kubeconfig = kubeconfig;
        this.client = client;
        this.serviceCidr = serviceCidr;
        this.hasKubeDns = hasKubeDns;
    }

    public static ExistingCluster connect(Path kubeconfig) {
        String yaml;
        try {
            yaml = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read kubeconfig " + kubeconfig.toAbsolutePath(), e);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
        try {
            Cidr range = ServiceRangeDiscovery.discover(client, "default");
            boolean kubeDns = client.configMaps().inNamespace("kube-system").withName("coredns").get() != null;
            return new ExistingCluster(kubeconfig, client, range, kubeDns);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Said once, before the first change: what the run will change on this cluster and how it is put back. */
    public void announce(List<String> namespaces, Consumer<String> out) {
        out.accept("[existing cluster] " + name() + " via " + kubeconfig.toAbsolutePath() + " will be changed, and restored afterwards:");
        out.accept("  - Istio (charts base, istiod) is installed in istio-system if not there; the add-on istiocoredns goes there too");
        out.accept("  - namespaces " + namespaces + " are created and deleted");
        out.accept("  - ConfigMap kube-system/coredns (or coredns-custom) is backed up, changed per variant, restored byte for byte; "
                + "kube-dns pods are restarted");
        out.accept("  - restore also runs on failure and on interrupt (JVM shutdown hook)");
    }

    @Override
    public String name() {
        return "existing cluster " + client.getMasterUrl() + " (service range " + serviceCidr + ")";
    }

    @Override
    public String kind() {
        return "existing";
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
        return hasKubeDns;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Closes the client only: the cluster is the user's. */
    @Override
    public void close() {
        client.close();
    }
}
