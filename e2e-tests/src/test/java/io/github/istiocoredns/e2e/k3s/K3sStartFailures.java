package io.github.istiocoredns.e2e.k3s;

/** Makes {@link K3sCluster.StartFailure}s for tests in other packages (its constructor is the cluster's own). */
public final class K3sStartFailures {

    private K3sStartFailures() {
    }

    public static K3sCluster.StartFailure of(String message, String containerLog) {
        return new K3sCluster.StartFailure(message, containerLog, new IllegalStateException(message));
    }
}
