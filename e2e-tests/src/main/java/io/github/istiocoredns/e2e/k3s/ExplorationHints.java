package io.github.istiocoredns.e2e.k3s;

import java.nio.file.Path;
import java.util.List;

/** What a reader of the article can try on a kept cluster: the kubectl and dig commands of its steps. */
public final class ExplorationHints {

    private ExplorationHints() {
    }

    public static List<String> lines(Path kubeconfig, String containerId) {
        String k = "kubectl --kubeconfig " + kubeconfig.toAbsolutePath();
        String exec = k + " -n mesh-client exec deploy/dns-client -c client -- ";
        return List.of(
                "k3s is still running (container " + containerId + "; remove it with: docker rm -f " + containerId + ")",
                "kubeconfig: " + kubeconfig.toAbsolutePath(),
                "  " + k + " get pods -A",
                "  " + k + " -n kube-system get configmap coredns coredns-custom -o yaml",
                "  " + k + " -n istio-system logs deploy/istiocoredns -c coredns",
                "  " + k + " get serviceentries -A",
                "  " + exec + "dig my-fruits.internal",
                "  " + exec + "curl -s http://my-fruits.internal/api/fruits/au",
                "The last variant was restored: apply one again with kubectl apply -f manifests/... (see README, Walkthrough).");
    }
}
