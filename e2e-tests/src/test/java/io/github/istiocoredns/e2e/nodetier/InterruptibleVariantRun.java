package io.github.istiocoredns.e2e.nodetier;

import io.github.istiocoredns.e2e.TestFruits;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.existing.ExistingCluster;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.mesh.IstioInstaller;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.variantrun.VariantRun;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What {@link RestoreOnInterruptIT} runs in a child JVM, to interrupt it: Istio's charts installed with helm-java (whose
 * native library takes over SIGINT and SIGTERM during an install), then one variant run on an existing cluster exactly
 * as the tiers run it ({@link VariantRun}), with its restore armed for an interrupt.
 *
 * <p>Arguments: kubeconfig, chart repository URI, chart version, variant id, a work directory for Helm.
 */
final class InterruptibleVariantRun {

    static final String HELM_DONE = "[interruptible] Istio's charts installed with helm-java";

    private InterruptibleVariantRun() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("expected: kubeconfig chart-repository-uri chart-version variant-id helm-work-directory");
        }
        Path kubeconfig = Path.of(args[0]);
        VariantCatalog catalog = VariantCatalog.load();
        IstioInstallPlan plan = new IstioInstallPlan(URI.create(args[1]), args[2], catalog.resolve(catalog.platform().istio().istiodValues()), null);
        new IstioInstaller(kubeconfig, Path.of(args[4]), System.out::println).install(plan);
        System.out.println(HELM_DONE);
        try (ExistingCluster cluster = ExistingCluster.connect(kubeconfig)) {
            // The variant is interrupted long before its restore check would ask this probe anything.
            MeshClient unused = new MeshClient(cluster.client(), "default", "interruptible-no-probe");
            new VariantRun(catalog, cluster, unused, new PhaseLog(System.out::println), new ArrayList<>(), TestFruits.answers(), NodeExpectation::of, false,
                    image -> Optional.empty(), UnaryOperator.identity(), null, reason -> { }).run(catalog.variant(args[3]));
        }
    }
}
