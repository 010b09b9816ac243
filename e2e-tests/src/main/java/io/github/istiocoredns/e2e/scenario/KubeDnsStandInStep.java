package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.istiocoredns.e2e.cluster.Cluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * For a cluster without kube-dns (a bare API server): creates ConfigMap kube-system/coredns from a fixture that
 * mirrors k3s's packaged one (its Corefile ends with the two {@code import /etc/coredns/custom/*} lines, FACTS §4),
 * so that the article's edit and its restore run against a real object. Deleted on undo. Left alone if it exists.
 */
final class KubeDnsStandInStep implements Step {

    static final String FIXTURE = "k3s-coredns-configmap.yaml";

    private boolean created;

    @Override
    public String name() {
        return "ConfigMap/" + KubeDnsConfigMaps.KUBE_SYSTEM + "/" + KubeDnsConfigMaps.COREDNS + " (kube-dns stand-in)";
    }

    @Override
    public String plan() {
        return "create ConfigMap kube-system/coredns as k3s packages it, standing in for the kube-dns this cluster lacks, unless it exists";
    }

    @Override
    public String apply(Cluster cluster) {
        if (KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS) != null) {
            return "exists already, left as it is";
        }
        cluster.client().resource(fixture(cluster)).create();
        created = true;
        return "created from " + FIXTURE;
    }

    @Override
    public Optional<String> check(Cluster cluster) {
        return KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS) == null
                ? Optional.of("ConfigMap kube-system/coredns does not exist after apply") : Optional.empty();
    }

    @Override
    public String undo(Cluster cluster) {
        if (!created) {
            return "not created by this run, left as it is";
        }
        cluster.client().configMaps().inNamespace(KubeDnsConfigMaps.KUBE_SYSTEM).withName(KubeDnsConfigMaps.COREDNS).delete();
        return "deleted";
    }

    @Override
    public Optional<String> checkUndone(Cluster cluster) {
        if (created && KubeDnsConfigMaps.get(cluster, KubeDnsConfigMaps.COREDNS) != null) {
            return Optional.of("the stand-in ConfigMap kube-system/coredns still exists");
        }
        return Optional.empty();
    }

    /** The fixture's ConfigMap. */
    static ConfigMap fixture(Cluster cluster) {
        try (InputStream in = KubeDnsStandInStep.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("The classpath holds no " + FIXTURE + " beside " + KubeDnsStandInStep.class.getName());
            }
            return (ConfigMap) cluster.client().load(in).items().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + FIXTURE, e);
        }
    }
}
