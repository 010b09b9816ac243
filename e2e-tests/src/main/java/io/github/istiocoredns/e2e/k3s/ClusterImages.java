package io.github.istiocoredns.e2e.k3s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.ClusterOutcome;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The images a cluster-tier run needs pulled inside k3s: Istio's (istiod, the sidecar) and every container image of
 * the variants' workloads. Images under {@value #LOCAL_PREFIX} come from no registry (our fruits-api): they are
 * imported instead.
 */
public final class ClusterImages {

    public static final String LOCAL_PREFIX = "localhost/";

    private ClusterImages() {
    }

    /** istiod's and the sidecar's images as the plan installs them (its hub, its version). */
    public static List<String> istio(IstioInstallPlan plan) {
        return List.of(plan.imageHub() + "/pilot:" + plan.version(), plan.imageHub() + "/proxyv2:" + plan.version());
    }

    /** Workload images of the variants the cluster tier runs, sorted, without local ones. */
    public static List<String> workloads(VariantSetup setup, List<Variant> variants) {
        Set<String> images = new TreeSet<>();
        for (Variant variant : variants) {
            if (variant.expected().cluster() == null || variant.expected().cluster().outcome() == ClusterOutcome.NOT_APPLICABLE) {
                continue;
            }
            setup.render(variant, "192.0.2.53").all(Deployment.class)
                    .flatMap(d -> containers(d.getSpec().getTemplate().getSpec()))
                    .map(Container::getImage)
                    .filter(image -> !image.startsWith(LOCAL_PREFIX))
                    .forEach(images::add);
        }
        return new ArrayList<>(images);
    }

    private static Stream<Container> containers(PodSpec spec) {
        return Stream.concat(spec.getContainers().stream(), spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream());
    }
}
