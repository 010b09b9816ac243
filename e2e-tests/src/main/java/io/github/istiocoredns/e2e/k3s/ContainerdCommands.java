package io.github.istiocoredns.e2e.k3s;

import java.util.List;

/** The commands run inside the k3s container against its containerd (the k3s image links ctr and crictl). */
public final class ContainerdCommands {

    /** The containerd namespace the kubelet (CRI) uses; images elsewhere are invisible to pods. */
    public static final String KUBERNETES_NAMESPACE = "k8s.io";

    private ContainerdCommands() {
    }

    public static List<String> importImage(String pathInContainer) {
        return List.of("ctr", "--timeout", "180s", "-n", KUBERNETES_NAMESPACE, "images", "import", pathInContainer);
    }

    /** Another name for an image already in containerd (replacing an image of that name). */
    public static List<String> tag(String source, String target) {
        return List.of("ctr", "-n", KUBERNETES_NAMESPACE, "images", "tag", "--force", source, target);
    }

    /** Bounded by the caller. crictl pulls through the CRI, exactly as the kubelet would (same resolver, same schema-1 refusal). */
    public static List<String> pull(String image) {
        return List.of("crictl", "pull", image);
    }
}
