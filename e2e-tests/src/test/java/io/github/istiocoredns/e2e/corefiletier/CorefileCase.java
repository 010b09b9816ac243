package io.github.istiocoredns.e2e.corefiletier;

import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.CorefileOutcome;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One case of the tier: a catalog variant with a corefile-tier expectation, the chain it needs and what its
 * ServiceEntries make the plugin answer.
 *
 * @param expectedAddresses my-fruits.internal's addresses in the stand-in's table (the variant's ServiceEntry)
 * @param globalAddresses the global fixture's addresses, or empty when the Corefile routes no global zone
 */
record CorefileCase(Variant variant, ChainSetup setup, List<String> expectedAddresses, List<String> globalAddresses) {

    /** Test fixture only: a ServiceEntry in Istio's global zone, to check a Corefile's global zone. */
    static final String GLOBAL_FIXTURE = "corefile-tier/global-service-entry.yaml";
    // Any address: the tier runs no istiocoredns Service, the stub block is rendered with the chain's own address.
    private static final String UNUSED_CLUSTER_IP = "192.0.2.10";
    // "global" as a zone of the Corefile: a server block key or a plugin argument, outside comments.
    private static final Pattern ROUTES_GLOBAL = Pattern.compile("(?m)^[^#\\n]*\\bglobal\\b");

    Expectations.Corefile expected() {
        return variant.expected().corefile();
    }

    String corednsVersion() {
        return variant.istiocoredns().corednsVersion();
    }

    /** The catalog's variants that have a corefile-tier expectation, in catalog order. */
    static List<CorefileCase> from(VariantCatalog catalog) {
        VariantSetup variantSetup = new VariantSetup(catalog);
        Path fixture = TestProject.resource(GLOBAL_FIXTURE);
        List<ServiceEntry> globalFixture = variantSetup.loader().load(List.of(fixture)).all(ServiceEntry.class).toList();
        return catalog.variants().stream()
                .filter(variant -> variant.expected().corefile().outcome() != CorefileOutcome.NOT_APPLICABLE)
                .map(variant -> of(variant, variantSetup, globalFixture))
                .toList();
    }

    private static CorefileCase of(Variant variant, VariantSetup variantSetup, List<ServiceEntry> globalFixture) {
        if (variant.istiocoredns() == null || variant.kubeDnsStub() == null) {
            throw new IllegalStateException("variant " + variant.id() + " expects a corefile-tier outcome but has no istiocoredns "
                    + "Corefile or kube-dns stub; fix " + VariantCatalog.SOURCE);
        }
        List<ServiceEntry> entries = new ArrayList<>(variantSetup.render(variant, UNUSED_CLUSTER_IP).all(ServiceEntry.class).toList());
        entries.addAll(globalFixture);
        ChainSetup setup = ChainSetup.of(variant.istiocoredns().corefile(), variant.istiocoredns().image(), variant.kubeDnsStub(), entries);
        ServiceEntryRecords records = ServiceEntryRecords.from(entries);
        boolean routesGlobal = ROUTES_GLOBAL.matcher(TestProject.read(variant.istiocoredns().corefile())).find();
        return new CorefileCase(variant, setup, addresses(records, ChainObserver.MY_FRUITS),
                routesGlobal ? addresses(records, ChainObserver.GLOBAL_NAME) : List.of());
    }

    private static List<String> addresses(ServiceEntryRecords records, String name) {
        return records.lookup(name + ".").stream().map(Inet4Address::getHostAddress).toList();
    }

    /** The newest CoreDNS image among the cases: it plays kube-dns (a modern CoreDNS), the relay and the upstream. */
    static String newestImage(List<CorefileCase> cases) {
        return cases.stream().map(c -> c.variant().istiocoredns()).max(Comparator.comparing(
                istiocoredns -> versionKey(istiocoredns.corednsVersion()))).orElseThrow().image();
    }

    // "1.14.7" sorts after "1.6.2": compare numerically, part by part.
    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%06d", Integer.parseInt(part.replaceAll("\\D.*", ""))));
        }
        return key.toString();
    }
}
