package io.github.istiocoredns.e2e.existing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which cluster the tier runs on. k3s unless {@value #CLUSTER_PROPERTY}{@code =existing}: a kubeconfig alone (the
 * property {@value #KUBECONFIG_PROPERTY}, or KUBECONFIG, which many shells set anyway) never sends the suite to a
 * user's cluster.
 *
 * @param kubeconfig for an existing cluster: its kubeconfig; null for k3s
 * @param problem why the choice cannot be used (an opt-in without a kubeconfig), or null
 */
public record ClusterChoice(Kind kind, Path kubeconfig, String problem) {

    public static final String CLUSTER_PROPERTY = "conformance.cluster";
    public static final String KUBECONFIG_PROPERTY = "kubeconfig";

    public enum Kind { K3S, EXISTING }

    public static ClusterChoice fromSystem() {
        return decide(System.getProperty(CLUSTER_PROPERTY, ""), System.getProperty(KUBECONFIG_PROPERTY, ""), System.getenv("KUBECONFIG"));
    }

    /** @param kubeconfigEnv the KUBECONFIG variable (may be null); only its first entry is used */
    public static ClusterChoice decide(String clusterProperty, String kubeconfigProperty, String kubeconfigEnv) {
        String cluster = clusterProperty == null ? "" : clusterProperty.strip();
        if (cluster.isEmpty() || cluster.equals("k3s")) {
            return new ClusterChoice(Kind.K3S, null, null);
        }
        if (!cluster.equals("existing")) {
            return new ClusterChoice(Kind.K3S, null, "-D" + CLUSTER_PROPERTY + "=" + cluster + " is neither k3s nor existing");
        }
        Optional<String> given = Optional.ofNullable(kubeconfigProperty).map(String::strip).filter(s -> !s.isEmpty())
                .or(() -> Optional.ofNullable(kubeconfigEnv).map(s -> s.split(java.io.File.pathSeparator)[0].strip()).filter(s -> !s.isEmpty()));
        if (given.isEmpty()) {
            return new ClusterChoice(Kind.EXISTING, null, "-D" + CLUSTER_PROPERTY + "=existing needs a kubeconfig: -D" + KUBECONFIG_PROPERTY
                    + "=<path> or the KUBECONFIG variable");
        }
        return new ClusterChoice(Kind.EXISTING, Path.of(given.get()), null);
    }

    /** Empty when usable; else the one-line reason the tier cannot run. */
    public Optional<String> missing() {
        if (problem != null) {
            return Optional.of(problem);
        }
        if (kind == Kind.EXISTING && !kubeconfig.toFile().isFile()) {
            return Optional.of("kubeconfig " + kubeconfig.toAbsolutePath() + " (from -D" + KUBECONFIG_PROPERTY + " or KUBECONFIG) is not a file");
        }
        return Optional.empty();
    }
}
