package io.github.istiocoredns.e2e.mesh;

import io.github.istiocoredns.e2e.images.ProjectScripts;
import io.github.istiocoredns.e2e.k3s.ImagePresence;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Istio as scripts/offline-images builds it where no registry is reachable: the charts base and istiod of an
 * istio.io/istio snapshot (istio-charts), istiod from the same source (istiod) and the sidecar rebuilt with upstream
 * Envoy (istio-proxy), under one hub and tag. Not a release: the values overlay for upstream Envoy goes with it.
 *
 * @param charts the directory with the charts base/ and istiod/
 * @param chartVersion the version they are served under (the snapshot's)
 */
public record OfflineIstio(Path charts, String chartVersion, String pilotImage, String proxyImage) {

    static final String CHARTS_SCRIPT = "scripts/lib/istio-charts.sh";
    static final String ISTIOD_SCRIPT = "scripts/lib/istiod.sh";
    static final String PROXY_SCRIPT = "scripts/lib/istio-proxy.sh";

    /** The build's pieces as its scripts name them; the reason it is incomplete otherwise. */
    public static Result find(Path projectRoot) {
        Optional<Path> charts = ProjectScripts.print(projectRoot, CHARTS_SCRIPT, "--print-dir").map(Path::of)
                .filter(dir -> Files.isRegularFile(dir.resolve("base/Chart.yaml")) && Files.isRegularFile(dir.resolve("istiod/Chart.yaml")));
        Optional<String> pilot = ProjectScripts.print(projectRoot, ISTIOD_SCRIPT, "--print-image");
        Optional<String> proxy = ProjectScripts.print(projectRoot, PROXY_SCRIPT, "--print-image");
        List<String> missing = new ArrayList<>();
        if (charts.isEmpty()) {
            missing.add("Istio's snapshot charts (scripts/offline-images istio-charts)");
        }
        pilot.filter(ImagePresence::presentLocally).ifPresentOrElse(i -> { }, () -> missing.add("istiod's image " + pilot.orElse("?")
                + " (scripts/offline-images istiod)"));
        proxy.filter(ImagePresence::presentLocally).ifPresentOrElse(i -> { }, () -> missing.add("the sidecar's image " + proxy.orElse("?")
                + " (scripts/offline-images istio-proxy)"));
        if (!missing.isEmpty()) {
            return new Result(null, "the offline Istio build is incomplete: " + String.join(", ", missing) + " missing");
        }
        String version = charts.get().getFileName().toString().replaceFirst("^v", "");
        return new Result(new OfflineIstio(charts.get(), version, pilot.get(), proxy.get()), null);
    }

    /** @param build the build, or null; @param missing why there is none, or null */
    public record Result(OfflineIstio build, String missing) {
    }

    /** Where both images are, e.g. mirror.local/istio. */
    public String hub() {
        return pilotImage.substring(0, pilotImage.lastIndexOf("/pilot:"));
    }

    public String tag() {
        return pilotImage.substring(pilotImage.lastIndexOf(':') + 1);
    }

    /** Serves the two charts on loopback under {@link #chartVersion}. */
    public ChartRepositoryOnLoopback serveCharts() {
        return ChartRepositoryOnLoopback.serve(List.of(charts.resolve("base"), charts.resolve("istiod")), chartVersion);
    }

    /** The install plan for these charts and images: the suite's values, the upstream-Envoy overlay, this hub and tag. */
    public IstioInstallPlan plan(URI repository, Path istiodValues, Path upstreamEnvoyValues) {
        if (!proxyImage.equals(hub() + "/proxyv2:" + tag())) {
            throw new IllegalStateException("the offline sidecar " + proxyImage + " is not beside istiod " + pilotImage + " (one hub and tag for both)");
        }
        return new IstioInstallPlan(repository, chartVersion, istiodValues, hub()).withOverlay(upstreamEnvoyValues)
                .withIstiodSetting("tag", tag()).withIstiodSetting("global.tag", tag());
    }
}
