package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The k3s way: ConfigMap kube-system/coredns-custom gets a key such as {@code internal.server} holding the stub block,
 * pointed at istiocoredns's actual clusterIP. Created if absent (deleted on undo); patched if present (its data backed
 * up and put back byte for byte on undo).
 */
final class CorednsCustomStep implements Step {

    private final String configMapName;
    private final String key;
    private final String istiocorednsNamespace;
    private final String istiocorednsService;
    private final UnaryOperator<String> stubBlockFor;
    private boolean created;
    private Map<String, String> backup;
    private String value;

    CorednsCustomStep(String configMapName, String key, String istiocorednsNamespace, String istiocorednsService,
            UnaryOperator<String> stubBlockFor) {
        this.configMapName = configMapName;
        this.key = key;
        this.istiocorednsNamespace = istiocorednsNamespace;
        this.istiocorednsService = istiocorednsService;
        this.stubBlockFor = stubBlockFor;
    }

    @Override
    public String name() {
        return "ConfigMap/" + KubeDnsConfigMaps.KUBE_SYSTEM + "/" + configMapName + " (coredns-custom)";
    }

    @Override
    public String plan() {
        return "create or patch ConfigMap kube-system/" + configMapName + " with key " + key + " (the internal stub block, forwarding to "
                + "the clusterIP of Service " + istiocorednsNamespace + "/" + istiocorednsService + "), backing up what is there";
    }

    @Override
    public String apply(Cluster cluster) {
        String address = KubeDnsConfigMaps.clusterIpOf(cluster, istiocorednsNamespace, istiocorednsService);
        value = stubBlockFor.apply(address);
        ConfigMap current = KubeDnsConfigMaps.get(cluster, configMapName);
        if (current == null) {
            cluster.client().resource(new ConfigMapBuilder().withNewMetadata().withName(configMapName)
                    .withNamespace(KubeDnsConfigMaps.KUBE_SYSTEM).endMetadata().withData(Map.of(key, value)).build()).create();
            created = true;
            return "created with key " + key + " forwarding to " + address;
        }
        backup = KubeDnsConfigMaps.dataOf(current);
        Map<String, String> data = new HashMap<>(backup);
        data.put(key, value);
        current.setData(data);
        cluster.client().resource(current).update();
        return "backed up and set key " + key + " forwarding to " + address;
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        ConfigMap current = KubeDnsConfigMaps.get(cluster, configMapName);
        return current != null && value.equals(KubeDnsConfigMaps.dataOf(current).get(key)) ? Optional.empty()
                : Optional.of("kube-system/" + configMapName + " does not hold the stub block under key " + key);
    }

    @Override
    public String undo(Cluster cluster) {
        if (created) {
            cluster.client().configMaps().inNamespace(KubeDnsConfigMaps.KUBE_SYSTEM).withName(configMapName).delete();
            return "deleted";
        }
        if (backup == null) {
            return "nothing to undo";
        }
        ConfigMap current = KubeDnsConfigMaps.get(cluster, configMapName);
        if (current == null) {
            throw new IllegalStateException("ConfigMap kube-system/" + configMapName + " disappeared; its backup is " + backup);
        }
        current.setData(new HashMap<>(backup));
        cluster.client().resource(current).update();
        return "put the backed-up data back";
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        ConfigMap current = KubeDnsConfigMaps.get(cluster, configMapName);
        if (created) {
            return current == null ? Optional.empty() : Optional.of("kube-system/" + configMapName + " still exists after its deletion");
        }
        if (backup == null) {
            return Optional.empty();
        }
        if (current == null) {
            return Optional.of("kube-system/" + configMapName + " existed before the scenario and is gone now");
        }
        String difference = KubeDnsConfigMaps.difference(backup, KubeDnsConfigMaps.dataOf(current));
        return difference.isEmpty() ? Optional.empty()
                : Optional.of("kube-system/" + configMapName + " is not byte-identical to its backup: " + difference);
    }
}
