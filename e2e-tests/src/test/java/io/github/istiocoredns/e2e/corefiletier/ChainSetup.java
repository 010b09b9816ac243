package io.github.istiocoredns.e2e.corefiletier;

import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import java.util.List;
import java.util.TreeMap;

/**
 * What one chain run depends on. Variants with equal setups share one run (and its observation): the istiocoredns
 * Corefile, its CoreDNS image, the kube-dns stub block and the plugin's records.
 *
 * @param corefile the istiocoredns Corefile, path from the project root
 * @param image the istiocoredns CoreDNS image (Docker Hub name)
 * @param kubeDnsStub the kube-dns stub block template, path from the project root
 * @param recordTable the stand-in's name table, as text (the part of the records that decides answers)
 * @param serviceEntries the ServiceEntries the stand-in serves (the variant's and the global fixture)
 */
record ChainSetup(String corefile, String image, String kubeDnsStub, String recordTable, List<ServiceEntry> serviceEntries) {

    static ChainSetup of(String corefile, String image, String kubeDnsStub, List<ServiceEntry> serviceEntries) {
        String table = new TreeMap<>(ServiceEntryRecords.from(serviceEntries).table()).toString();
        return new ChainSetup(corefile, image, kubeDnsStub, table, List.copyOf(serviceEntries));
    }

    // The entries are objects without value equality; the table decides the answers, so it stands for them.
    @Override
    public boolean equals(Object other) {
        return other instanceof ChainSetup that && corefile.equals(that.corefile) && image.equals(that.image)
                && kubeDnsStub.equals(that.kubeDnsStub) && recordTable.equals(that.recordTable);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(corefile, image, kubeDnsStub, recordTable);
    }

    @Override
    public String toString() {
        return corefile + " on " + image + " behind " + kubeDnsStub + ", records " + recordTable;
    }
}
