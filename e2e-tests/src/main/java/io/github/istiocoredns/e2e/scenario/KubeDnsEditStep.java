package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The article's kube-dns change: append the stub block, pointed at istiocoredns's actual clusterIP, to the Corefile
 * in ConfigMap kube-system/coredns. The data is backed up first and put back byte for byte on undo; the restore
 * check compares every key exactly.
 */
final class KubeDnsEditStep implements Step {

    private final String istiocorednsNamespace;
    private final String istiocorednsService;
    private final UnaryOperator<String> stubBlockFor;
    private Map<String, String> backup;
    private String appended;

    /** @param stubBlockFor the stub block for an istiocoredns clusterIP */
    KubeDnsEditStep(String istiocorednsNamespace, String istiocorednsService, UnaryOperator<String> stubBlockFor) {
        this.istiocorednsNamespace = istiocorednsNamespace;
        this.istiocorednsService = istiocorednsService;
        this.stubBlockFor = stubBlockFor;
    }

    @Override
    public String name() {
        return "ConfigMap/" + KubeDnsConfigMaps.KUBE_SYSTEM + "/" + KubeDnsConfigMaps.COREDNS + " (configmap-edit)";
    }

    @Override
    public String plan() {
        return "back up ConfigMap kube-system/coredns and append the internal stub block to its Corefile, forwarding to the clusterIP of Service "
                + istiocorednsNamespace + "/" + istiocorednsService;
    }

    @Override
    public String apply(Cluster cluster) {
        String address = KubeDnsConfigMaps.clusterIpOf(cluster, istiocorednsNamespace, istiocorednsService);
        ConfigMap current = KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS);
        if (current == null || KubeDnsConfigMaps.dataOf(current).get(KubeDnsConfigMaps.COREFILE_KEY) == null) {
            throw new IllegalStateException("kube-system has no ConfigMap coredns with a Corefile key: this cluster's DNS is not "
                    + "configured the way the article edits it (use a coredns-custom variant on k3s)");
        }
        backup = KubeDnsConfigMaps.dataOf(current);
        String corefile = backup.get(KubeDnsConfigMaps.COREFILE_KEY);
        appended = stubBlockFor.apply(address);
        Map<String, String> data = new HashMap<>(backup);
        data.put(KubeDnsConfigMaps.COREFILE_KEY, corefile + (corefile.endsWith("\n") ? "" : "\n") + appended);
        current.setData(data);
        cluster.client().resource(current).update();
        return "backed up and appended the stub block forwarding to " + address;
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        ConfigMap current = KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS);
        String corefile = current == null ? null : KubeDnsConfigMaps.dataOf(current).get(KubeDnsConfigMaps.COREFILE_KEY);
        return corefile != null && corefile.endsWith(appended) ? Optional.empty()
                : Optional.of("the Corefile in kube-system/coredns does not end with the stub block");
    }

    @Override
    public String undo(Cluster cluster) {
        if (backup == null) {
            return "nothing to undo";
        }
        ConfigMap current = KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS);
        if (current == null) {
            throw new IllegalStateException("ConfigMap kube-system/coredns disappeared; its backup is " + backup);
        }
        current.setData(new HashMap<>(backup));
        cluster.client().resource(current).update();
        return "put the backed-up data back";
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        if (backup == null) {
            return Optional.empty();
        }
        ConfigMap current = KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS);
        if (current == null) {
            return Optional.of("ConfigMap kube-system/coredns is gone");
        }
        String difference = KubeDnsConfigMaps.difference(backup, KubeDnsConfigMaps.dataOf(current));
        return difference.isEmpty() ? Optional.empty()
                : Optional.of("ConfigMap kube-system/coredns is not byte-identical to its backup: " + difference);
    }
}
