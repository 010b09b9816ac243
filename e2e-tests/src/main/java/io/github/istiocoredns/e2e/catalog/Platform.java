package io.github.istiocoredns.e2e.catalog;

/** The pinned versions every variant runs on: one place for each. */
public record Platform(Pin k3s, IstioPin istio, Pin kubeDns, LocalNodePin localNode) {

    /** @param image a Docker Hub image name with its tag */
    public record Pin(String image, String source) {
    }

    /**
     * @param version an Istio release, e.g. 1.30.5; its Helm charts base and istiod come from helmRepository
     * @param istiodValues the Helm values file for istiod (path from the project root)
     */
    public record IstioPin(String version, String helmRepository, String istiodValues, String source) {
    }

    /** @param kubeDns the kube-dns objects the node tier deploys on the local node (path from the project root) */
    public record LocalNodePin(String kubeDns, String source) {
    }
}
