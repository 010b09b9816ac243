package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.util.Map;
import java.util.TreeMap;

/** Reading kube-dns's ConfigMaps and the address the stub zone forwards to. */
final class KubeDnsConfigMaps {

    static final String KUBE_SYSTEM = "kube-system";
    /** kube-dns's own ConfigMap (kubeadm, k3s), key {@value #COREFILE_KEY}. */
    static final String COREDNS = "coredns";
    static final String COREFILE_KEY = "Corefile";

    private KubeDnsConfigMaps() {
    }

    static ConfigMap get(Cluster cluster, String name) {
        return cluster.client().configMaps().inNamespace(KUBE_SYSTEM).withName(name).get();
    }

    /** The clusterIP the API server gave the istiocoredns Service, read back (never assumed). */
    static String clusterIpOf(Cluster cluster, String namespace, String service) {
        Service found = cluster.client().services().inNamespace(namespace).withName(service).get();
        if (found == null || found.getSpec().getClusterIP() == null || found.getSpec().getClusterIP().isBlank()) {
            throw new IllegalStateException("Service " + namespace + "/" + service + " has no clusterIP yet (found "
                    + (found == null ? "no Service" : "clusterIP '" + found.getSpec().getClusterIP() + "'") + ")");
        }
        return found.getSpec().getClusterIP();
    }

    static Map<String, String> dataOf(ConfigMap configMap) {
        return configMap.getData() == null ? Map.of() : new TreeMap<>(configMap.getData());
    }

    /** Where two ConfigMap data maps differ: the first key whose value differs, and at which character. */
    static String difference(Map<String, String> before, Map<String, String> now) {
        if (!before.keySet().equals(now.keySet())) {
            return "keys were " + before.keySet() + ", are " + now.keySet();
        }
        for (String key : before.keySet()) {
            String a = before.get(key);
            String b = now.get(key);
            if (!a.equals(b)) {
                int at = 0;
                while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
                    at++;
                }
                return "key " + key + " differs from character " + at + " on (length " + a.length() + " before, " + b.length()
                        + " now): before '" + excerpt(a, at) + "', now '" + excerpt(b, at) + "'";
            }
        }
        return "";
    }

    private static String excerpt(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 40)).replace("\n", "\\n");
    }
}
