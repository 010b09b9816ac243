package io.github.istiocoredns.e2e.standin;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plugin's name table, built from ServiceEntry objects with the plugin's rules ({@code plugin.go},
 * {@code readServiceEntries} and {@code convertToVIPs}), and looked up as its {@code Query} does. Immutable.
 *
 * <p>Building rules, each from {@code plugin.go}:
 * <ul>
 *   <li>entries failing Istio 1.1 validation are skipped ({@link ServiceEntryValidation}); an IPv6 address fails it;</li>
 *   <li>entries with resolution NONE (also when unset: proto3 default) or without {@code addresses} are skipped;</li>
 *   <li>CIDR addresses are dropped, even {@code /32}: {@code convertToVIPs} tests {@code err != nil} where it meant
 *       {@code err == nil}, so a well-formed CIDR never yields an address; an entry left without address is skipped;</li>
 *   <li>each host maps to all remaining addresses, under the key {@code host + "."} as written (case kept);
 *       a host with {@code *} maps under {@code "." + <host after its first dot> + "."};</li>
 *   <li>a host given by two entries keeps the later entry's addresses (a map assignment).</li>
 * </ul>
 */
public final class ServiceEntryRecords {

    private static final ServiceEntryRecords EMPTY = new ServiceEntryRecords(Map.of(), List.of());

    private final Map<String, List<Inet4Address>> table;
    private final List<SkippedServiceEntry> skipped;

    private ServiceEntryRecords(Map<String, List<Inet4Address>> table, List<SkippedServiceEntry> skipped) {
        this.table = Map.copyOf(table);
        this.skipped = List.copyOf(skipped);
    }

    /** No names at all: every query gets NXDOMAIN. */
    public static ServiceEntryRecords empty() {
        return EMPTY;
    }

    /**
     * The table the plugin would build from these entries, in this order (for a host given twice, the later wins;
     * the real plugin's order is that of Istio's config store, not checked here).
     *
     * @throws IllegalArgumentException for input on which the real plugin panics (a valid wildcard host without a
     *         dot, such as {@code *foo} with STATIC resolution): the stand-in refuses rather than guess
     */
    public static ServiceEntryRecords from(Collection<ServiceEntry> entries) {
        Map<String, List<Inet4Address>> table = new LinkedHashMap<>();
        List<SkippedServiceEntry> skipped = new ArrayList<>();
        for (ServiceEntry entry : entries) {
            String entryName = nameOf(entry);
            var spec = entry.getSpec();
            if (spec == null) {
                skipped.add(new SkippedServiceEntry(entryName, "no spec"));
                continue;
            }
            List<String> problems = ServiceEntryValidation.problems(spec);
            if (!problems.isEmpty()) {
                skipped.add(new SkippedServiceEntry(entryName, "fails Istio 1.1 validation: " + String.join("; ", problems)));
                continue;
            }
            if (ServiceEntryValidation.resolutionOf(spec) == ServiceEntryResolution.NONE) {
                skipped.add(new SkippedServiceEntry(entryName, "resolution NONE"));
                continue;
            }
            List<String> addresses = spec.getAddresses() == null ? List.of() : spec.getAddresses();
            if (addresses.isEmpty()) {
                skipped.add(new SkippedServiceEntry(entryName, "no addresses"));
                continue;
            }
            List<Inet4Address> vips = virtualIps(addresses);
            if (vips.isEmpty()) {
                skipped.add(new SkippedServiceEntry(entryName, "only CIDR addresses " + addresses + " (dropped by convertToVIPs)"));
                continue;
            }
            for (String host : spec.getHosts()) {
                table.put(keyOf(entryName, host), vips);
            }
        }
        return new ServiceEntryRecords(table, skipped);
    }

    /**
     * The addresses the plugin answers for an A query of this name (absolute, with the trailing dot, case as
     * queried): the exact key first; otherwise wildcard keys from the longest suffix down, but never a single-label
     * suffix, because the plugin stops while more than two pieces of {@code strings.Split(name, ".")} remain. So
     * {@code *.foo.com} answers {@code a.foo.com.} and {@code b.a.foo.com.} but not {@code foo.com.}, and
     * {@code *.internal} answers nothing at all. Empty when the plugin answers NXDOMAIN.
     */
    public List<Inet4Address> lookup(String absoluteName) {
        List<Inet4Address> exact = table.get(absoluteName);
        if (exact != null) {
            return exact;
        }
        List<String> pieces = Arrays.asList(absoluteName.split("\\.", -1));
        for (pieces = pieces.subList(1, pieces.size()); pieces.size() > 2; pieces = pieces.subList(1, pieces.size())) {
            List<Inet4Address> wildcard = table.get("." + String.join(".", pieces));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return List.of();
    }

    /** The table as the plugin keys it: {@code "my-fruits.internal."}, or {@code ".foo.com."} for {@code *.foo.com}. */
    public Map<String, List<Inet4Address>> table() {
        return table;
    }

    /** The entries that gave no name, with the reason. */
    public List<SkippedServiceEntry> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "ServiceEntryRecords" + table + (skipped.isEmpty() ? "" : " skipped " + skipped);
    }

    private static String keyOf(String entryName, String host) {
        if (!host.contains("*")) {
            return host + ".";
        }
        int firstDot = host.indexOf('.');
        if (firstDot < 0) {
            throw new IllegalArgumentException("ServiceEntry " + entryName + " has the wildcard host '" + host
                    + "' without a dot: the real plugin panics on it (index out of range in readServiceEntries)");
        }
        return "." + host.substring(firstDot + 1) + ".";
    }

    private static List<Inet4Address> virtualIps(List<String> addresses) {
        return addresses.stream()
                .filter(address -> !address.contains("/"))
                .map(GoIpLiteral::ipv4)
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    private static String nameOf(ServiceEntry entry) {
        if (entry.getMetadata() == null) {
            return "<unnamed>";
        }
        return Objects.toString(entry.getMetadata().getNamespace(), "") + "/" + entry.getMetadata().getName();
    }
}
