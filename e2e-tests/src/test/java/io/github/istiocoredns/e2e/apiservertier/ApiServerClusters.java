package io.github.istiocoredns.e2e.apiservertier;

import io.github.istiocoredns.e2e.apiserver.ApiServerCluster;
import io.github.istiocoredns.e2e.apiserver.KubeBinaries;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.mesh.IstioCrds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One API server per service range, started on first use with Istio's CRDs installed, all closed at the end. */
final class ApiServerClusters implements AutoCloseable {

    /** Start-up and CRD installation of one API server. */
    record Started(ApiServerCluster cluster, Duration startup, Duration crdInstall, int crdCount) {
    }

    private final KubeBinaries binaries;
    private final IstioCrds crds;
    private final Path workRoot;
    private final Map<String, Started> byRange = new LinkedHashMap<>();

    ApiServerClusters(KubeBinaries binaries, IstioCrds crds, Path workRoot) {
        this.binaries = binaries;
        this.crds = crds;
        this.workRoot = workRoot;
    }

    synchronized ApiServerCluster forRange(String serviceCidr) {
        Started started = byRange.get(serviceCidr);
        if (started == null) {
            Cidr range = Cidr.parse(serviceCidr);
            System.out.println("[apiserver tier] starting kube-apiserver and etcd with service range " + range);
            ApiServerCluster cluster = ApiServerCluster.start(binaries, range, workRoot.resolve(serviceCidr.replaceAll("[./]", "-")));
            try {
                long installing = System.nanoTime();
                int count = crds.install(cluster.client()).size();
                started = new Started(cluster, cluster.startup(), Duration.ofNanos(System.nanoTime() - installing), count);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            System.out.println("[apiserver tier] " + cluster.name() + " up in " + started.startup().toMillis() + " ms; " + started.crdCount()
                    + " Istio " + crds.version() + " CRDs installed in " + started.crdInstall().toMillis() + " ms");
            byRange.put(serviceCidr, started);
        }
        return started.cluster();
    }

    synchronized Map<String, Started> started() {
        return Map.copyOf(byRange);
    }

    @Override
    public synchronized void close() {
        byRange.values().forEach(started -> started.cluster().close());
        byRange.clear();
    }
}
