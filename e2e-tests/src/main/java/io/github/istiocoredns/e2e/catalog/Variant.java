package io.github.istiocoredns.e2e.catalog;

import java.util.List;

/**
 * One way of setting up the technique, with what each tier should observe. See the header of
 * catalog/variants.yaml for the meaning of each field.
 *
 * @param fruitsClusterIp the fixed clusterIP to use instead of the manifests' 10.103.1.1, or null
 * @param kubeDnsStub the stub block added to kube-dns (path from the project root), or null for kubeDns none
 * @param istiocoredns the add-on's Corefile and image, or null when istioDns is not istiocoredns
 */
public record Variant(
        String id,
        String title,
        String demonstrates,
        String claim,
        String clusterProfile,
        String fruitsClusterIp,
        List<String> manifests,
        ServiceEntryForm serviceEntry,
        KubeDnsMethod kubeDns,
        KubeDnsPickup kubeDnsPickup,
        String kubeDnsStub,
        Istiocoredns istiocoredns,
        IstioDnsMode istioDns,
        OutboundPolicy outboundPolicy,
        ClientForm client,
        Expectations expected) {

    public Variant {
        manifests = manifests == null ? null : List.copyOf(manifests);
    }
}
