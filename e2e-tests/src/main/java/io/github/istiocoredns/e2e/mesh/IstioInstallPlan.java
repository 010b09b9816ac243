package io.github.istiocoredns.e2e.mesh;

import io.github.istiocoredns.e2e.catalog.Platform.IstioPin;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What installing Istio means here (FACTS §5): chart {@code base} (the CRDs) first, then {@code istiod} with
 * manifests/istio/istiod-values.yaml, both at one version from Istio's Helm repository, into {@value #NAMESPACE}.
 *
 * @param hub an image hub instead of {@value #DEFAULT_HUB} (a mirror), or null
 * @param istiodSettings more {@code --set} values for istiod after the values files, e.g. the image tag of a build that
 *     is not a release
 * @param overlays more values files for istiod, applied over istiodValues in order (the offline images' overlay)
 */
public record IstioInstallPlan(URI repository, String version, Path istiodValues, String hub, Map<String, String> istiodSettings,
        List<Path> overlays) {

    public static final String NAMESPACE = "istio-system";
    public static final String REPOSITORY_NAME = "istio";
    public static final String VERSION_PROPERTY = "istio.version";
    public static final String HUB_PROPERTY = "istio.hub";
    /** The hub manifests/istio/istiod-values.yaml sets (hub and global.hub), so that every Istio version pulls from it. */
    public static final String DEFAULT_HUB = "docker.io/istio";

    /** The catalog's pin, with {@value #VERSION_PROPERTY} and {@value #HUB_PROPERTY} taken from the system properties. */
    public static IstioInstallPlan of(IstioPin pin, Path projectRoot) {
        String version = System.getProperty(VERSION_PROPERTY, "");
        String hub = System.getProperty(HUB_PROPERTY, "");
        return new IstioInstallPlan(URI.create(pin.helmRepository()), version.isBlank() ? pin.version() : version.strip(),
                projectRoot.resolve(pin.istiodValues()), hub.isBlank() ? null : hub.strip());
    }

    public IstioInstallPlan(URI repository, String version, Path istiodValues, String hub) {
        this(repository, version, istiodValues, hub, Map.of(), List.of());
    }

    public IstioInstallPlan {
        istiodSettings = Map.copyOf(istiodSettings);
        overlays = List.copyOf(overlays);
        if (!version.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?")) {
            throw new IllegalArgumentException("-D" + VERSION_PROPERTY + " must be an Istio release such as 1.30.5, got '" + version + "'");
        }
    }

    /** This plan with one more istiod setting. */
    public IstioInstallPlan withIstiodSetting(String key, String value) {
        Map<String, String> settings = new LinkedHashMap<>(istiodSettings);
        settings.put(key, value);
        return new IstioInstallPlan(repository, version, istiodValues, hub, settings, overlays);
    }

    /** This plan with one more values file for istiod, over the ones before it. */
    public IstioInstallPlan withOverlay(Path valuesFile) {
        List<Path> files = new ArrayList<>(overlays);
        files.add(valuesFile);
        return new IstioInstallPlan(repository, version, istiodValues, hub, istiodSettings, files);
    }

    /** Where istiod and the sidecar come from: the override, else {@value #DEFAULT_HUB}. */
    public String imageHub() {
        return hub == null ? DEFAULT_HUB : hub;
    }

    /** The releases in install order. */
    public List<ChartRelease> releases() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (hub != null) {
            // Both keys, as the values file sets both: istiod's image reads hub first, the sidecar global.hub.
            settings.put("hub", hub);
            settings.put("global.hub", hub);
        }
        settings.putAll(istiodSettings);
        return List.of(
                new ChartRelease("istio-base", REPOSITORY_NAME + "/base", NAMESPACE, version, List.of(), Map.of()),
                new ChartRelease("istiod", REPOSITORY_NAME + "/istiod", NAMESPACE, version, istiodValuesFiles(), settings));
    }

    /** istiodValues, then the overlays. */
    public List<Path> istiodValuesFiles() {
        List<Path> files = new ArrayList<>();
        if (istiodValues != null) {
            files.add(istiodValues);
        }
        files.addAll(overlays);
        return files;
    }
}
