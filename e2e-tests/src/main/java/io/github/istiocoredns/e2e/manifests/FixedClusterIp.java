package io.github.istiocoredns.e2e.manifests;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one address the technique depends on: the fixed clusterIP of the service behind the stable
 * name (10.103.1.1 in the article), which its ServiceEntries repeat as their address. The manifests
 * keep the article's value so that they apply as they are to a cluster with the article's service
 * range; for any other range this replaces it consistently, Service and ServiceEntries together.
 */
public final class FixedClusterIp {

    private FixedClusterIp() {
    }

    /** The fixed clusterIP the set declares (exactly one Service may have one). */
    public static String of(ManifestSet set) {
        List<Service> fixed = servicesWithFixedIp(set);
        if (fixed.size() != 1) {
            throw new IllegalArgumentException("Expected exactly one Service with a fixed clusterIP, found "
                    + fixed.stream().map(LoadedObject::refOf).collect(Collectors.toList()));
        }
        return fixed.get(0).getSpec().getClusterIP();
    }

    /** A copy of {@code set} in which the fixed clusterIP is {@code newClusterIp} everywhere it appears. */
    public static ManifestSet override(ManifestSet set, String newClusterIp, StrictBinding binding) {
        if (!Cidr.isAddress(newClusterIp)) {
            throw new IllegalArgumentException("The fixed clusterIP must be an IPv4 address, got '" + newClusterIp + "'");
        }
        String oldClusterIp = of(set);
        return set.map(object -> {
            if (object instanceof Service service && oldClusterIp.equals(service.getSpec().getClusterIP())) {
                service.getSpec().setClusterIP(newClusterIp);
                if (!service.getSpec().getClusterIPs().isEmpty()) {
                    service.getSpec().setClusterIPs(List.of(newClusterIp));
                }
            }
            IstioObjects.serviceEntry(object).ifPresent(entry -> replaceAddress(entry, oldClusterIp, newClusterIp));
            return object;
        }, binding);
    }

    private static void replaceAddress(ServiceEntry entry, String oldAddress, String newAddress) {
        entry.setAddresses(entry.getAddresses().stream()
                .map(address -> address.equals(oldAddress) ? newAddress : address)
                .collect(Collectors.toList()));
    }

    private static List<Service> servicesWithFixedIp(ManifestSet set) {
        return set.all(Service.class)
                .filter(s -> CrossObjectChecks.hasFixedClusterIp(s.getSpec().getClusterIP()))
                .collect(Collectors.toList());
    }
}
