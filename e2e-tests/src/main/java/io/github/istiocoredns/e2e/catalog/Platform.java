package io.github.istiocoredns.e2e.catalog;

/**
 * The pinned versions every variant runs on: one place for each.
 *
 * @param offlineBuild what the cluster tier runs instead where no registry is reachable (scripts/offline-images): said
 *     here so that a source build is never taken for the pinned releases
 */
public record Platform(Pin k3s, IstioPin istio, Pin kubeDns, LocalNodePin localNode, OfflineBuild offlineBuild) {

    /** @param image a Docker Hub image name with its tag */
    public record Pin(String image, String source) {
    }

    /**
     * @param version an Istio release, e.g. 1.30.5; its Helm charts base and istiod come from helmRepository
     * @param istiodValues the Helm values file for istiod (path from the project root)
     * @param upstreamEnvoyValues the values overlay used only with the offline sidecar image, whose Envoy is upstream's
     */
    public record IstioPin(String version, String helmRepository, String istiodValues, String upstreamEnvoyValues, String source) {
    }

    /** @param k3s what the offline k3s image is; @param istio what the offline Istio (charts, istiod, sidecar) is */
    public record OfflineBuild(String k3s, String istio, String source) {
    }

    /** @param kubeDns the kube-dns objects the node tier deploys on the local node (path from the project root) */
    public record LocalNodePin(String kubeDns, String source) {
    }
}
