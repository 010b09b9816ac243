package io.github.istiocoredns.e2e.clustertier;

import io.github.istiocoredns.e2e.catalog.Platform;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import io.github.istiocoredns.e2e.mesh.ChartRepositoryOnLoopback;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import io.github.istiocoredns.e2e.mesh.OfflineIstio;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one switch between the published images and this project's offline build ({@value #PROPERTY}): with published
 * images, Istio's release charts and docker.io/istio; offline (scripts/offline-images), the k3s source build, Istio's
 * snapshot charts served on loopback, istiod and the sidecar rebuilt with upstream Envoy, and the values overlay that
 * upstream Envoy needs. Nothing else differs. {@code auto} (the default) is offline exactly when the k3s image the run
 * uses is the offline build (its label {@value #OFFLINE_K3S_LABEL}). The report prints the choice.
 */
enum ImageSource {
    PUBLISHED,
    OFFLINE;

    static final String PROPERTY = "conformance.images";
    /** A label only scripts/lib/k3s.sh puts on its image. */
    static final String OFFLINE_K3S_LABEL = "io.github.istiocoredns.k3s.source-module";

    /** @param offlineK3s whether the k3s image (as Testcontainers resolves it) is the offline build */
    static ImageSource decide(String property, boolean offlineK3s) {
        String value = property == null ? "" : property.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "published" -> PUBLISHED;
            case "offline" -> OFFLINE;
            case "", "auto" -> offlineK3s ? OFFLINE : PUBLISHED;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": expected published, offline or auto");
        };
    }

    static ImageSource fromSystem(String k3sImage, Predicate<String> offlineBuild) {
        return decide(System.getProperty(PROPERTY, ""), offlineBuild.test(ImagePresence.resolved(k3sImage).asCanonicalNameString()));
    }

    /** Whether the local Docker's image of that name carries the offline k3s build's label. */
    static boolean isOfflineK3s(String resolvedImage) {
        return ImagePresence.label(resolvedImage, OFFLINE_K3S_LABEL).isPresent();
    }

    /** What installing Istio means for this source, and the chart repository it needs (closed by the caller). */
    record Istio(IstioInstallPlan plan, ChartRepositoryOnLoopback repository, String description) implements AutoCloseable {

        @Override
        public void close() {
            if (repository != null) {
                repository.close();
            }
        }
    }

    Istio istio(VariantCatalog catalog) {
        Platform.IstioPin pin = catalog.platform().istio();
        if (this == PUBLISHED) {
            IstioInstallPlan plan = IstioInstallPlan.of(pin, catalog.projectRoot());
            return new Istio(plan, null, "published: Istio " + plan.version() + " charts from " + plan.repository() + ", images from " + plan.imageHub());
        }
        OfflineIstio.Result found = OfflineIstio.find(catalog.projectRoot());
        if (found.build() == null) {
            throw new IllegalStateException(found.missing());
        }
        OfflineIstio build = found.build();
        ChartRepositoryOnLoopback repository = build.serveCharts();
        IstioInstallPlan plan = build.plan(repository.uri(), catalog.resolve(pin.istiodValues()), catalog.resolve(pin.upstreamEnvoyValues()));
        return new Istio(plan, repository, "offline build (scripts/offline-images): " + catalog.platform().offlineBuild().istio()
                + "; charts " + build.chartVersion() + " served on loopback, images " + build.pilotImage() + " and " + build.proxyImage()
                + ", overlay " + pin.upstreamEnvoyValues());
    }

    /** Why this source cannot be used here, if it cannot. */
    Optional<String> missing(VariantCatalog catalog) {
        return this == OFFLINE ? Optional.ofNullable(OfflineIstio.find(catalog.projectRoot()).missing()) : Optional.empty();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
