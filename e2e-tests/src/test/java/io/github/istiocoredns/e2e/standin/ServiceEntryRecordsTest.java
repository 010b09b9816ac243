package io.github.istiocoredns.e2e.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import io.fabric8.istio.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.istiocoredns.e2e.TestProject;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plugin's table-building and lookup rules (plugin.go, Istio 1.1 validation), one case per rule. */
class ServiceEntryRecordsTest {

    @Test
    void theArticlesServiceEntryGivesMyFruitsInternal() throws IOException {
        for (String manifest : List.of("manifests/article/fruits-api-se.yml", "manifests/fruits-api/fruits-api-se.yml")) {
            ServiceEntry entry = new ObjectMapper(new YAMLFactory()).readValue(TestProject.file(manifest).toFile(), ServiceEntry.class);

            ServiceEntryRecords records = ServiceEntryRecords.from(List.of(entry));

            assertThat(records.skipped()).as(manifest).isEmpty();
            assertThat(records.table()).as(manifest).containsOnlyKeys("my-fruits.internal.");
            assertThat(addresses(records.lookup("my-fruits.internal."))).as(manifest).containsExactly("10.103.1.1");
        }
    }

    /** A case: one entry, and either the table it gives or the reason it is skipped. */
    record BuildCase(String rule, Entry entry, Map<String, List<String>> table, String skippedBecause) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<BuildCase> buildCases() {
        return Stream.of(
                gives("one host, one address", dns("my-fruits.internal").addresses("10.103.1.1"),
                        Map.of("my-fruits.internal.", List.of("10.103.1.1"))),
                gives("several addresses, in order", dns("a.internal").addresses("10.0.0.2", "10.0.0.1"),
                        Map.of("a.internal.", List.of("10.0.0.2", "10.0.0.1"))),
                gives("several hosts without ports", dns("a.internal", "b.internal").addresses("10.0.0.1"),
                        Map.of("a.internal.", List.of("10.0.0.1"), "b.internal.", List.of("10.0.0.1"))),
                gives("host case is kept", dns("My-Fruits.internal").addresses("10.0.0.1"),
                        Map.of("My-Fruits.internal.", List.of("10.0.0.1"))),
                gives("wildcard host keyed by its suffix", dns("*.foo.com").addresses("10.0.0.1")
                                .endpoints("10.1.1.1"), Map.of(".foo.com.", List.of("10.0.0.1"))),
                gives("IPv4-mapped IPv6 counts as IPv4 (Go To4)", dns("m.internal").addresses("::ffff:10.1.2.3"),
                        Map.of("m.internal.", List.of("10.1.2.3"))),
                gives("leading zeros read as decimal (Go before 1.17)", dns("z.internal").addresses("010.103.001.001"),
                        Map.of("z.internal.", List.of("10.103.1.1"))),
                gives("CIDR dropped, plain address kept", statik("c.internal").addresses("10.0.0.0/24", "10.0.0.7")
                                .endpoints("10.0.0.7"), Map.of("c.internal.", List.of("10.0.0.7"))),
                gives("STATIC with endpoints", statik("s.internal").addresses("10.0.0.9").endpoints("10.9.9.9"),
                        Map.of("s.internal.", List.of("10.0.0.9"))),
                skipped("resolution NONE", entry(ServiceEntryResolution.NONE, "n.internal").addresses("10.0.0.1"),
                        "resolution NONE"),
                skipped("resolution unset means NONE", entry(null, "u.internal").addresses("10.0.0.1"), "resolution NONE"),
                skipped("no addresses", dns("my-fruits.internal"), "no addresses"),
                skipped("IPv6 address fails validation", dns("v6.internal").addresses("fd00::1"),
                        "fd00::1 is not a valid IPv4 address"),
                skipped("one IPv6 address spoils the entry", dns("v6.internal").addresses("10.0.0.1", "fd00::1"),
                        "not a valid IPv4 address"),
                skipped("not an IP", dns("x.internal").addresses("ten.zero.zero.one"), "is not a valid IP"),
                skipped("only CIDR, even /32", statik("c.internal").addresses("10.0.0.1/32").endpoints("10.0.0.1"),
                        "only CIDR addresses"),
                skipped("CIDR with resolution DNS", dns("c.internal").addresses("10.0.0.0/24"),
                        "CIDR addresses are allowed only for NONE/STATIC"),
                skipped("bare * host", dns("*").addresses("10.0.0.1").endpoints("10.1.1.1"), "invalid host *"),
                skipped("no hosts", dns().addresses("10.0.0.1"), "at least one host"),
                skipped("label with underscore", dns("my_fruits.internal").addresses("10.0.0.1"), "invalid (label"),
                skipped("wildcard host with DNS and no endpoints", dns("*.foo.com").addresses("10.0.0.1"),
                        "hosts must be FQDN"),
                skipped("STATIC without endpoints", statik("s.internal").addresses("10.0.0.1"),
                        "endpoints must be provided"),
                skipped("STATIC with an IPv6 endpoint", statik("s.internal").addresses("10.0.0.1").endpoints("fd00::2"),
                        "fd00::2 is not a valid IPv4 address"),
                skipped("NONE with endpoints", entry(ServiceEntryResolution.NONE, "n.internal").addresses("10.0.0.1")
                        .endpoints("10.1.1.1"), "no endpoints should be provided"),
                skipped("several hosts with a TCP port", dns("a.internal", "b.internal").addresses("10.0.0.1")
                        .port("tcp-db", 5432, "TCP"), "multiple hosts provided with non-HTTP, non-TLS ports"),
                skipped("duplicate port number", dns("a.internal").addresses("10.0.0.1").port("http", 80, "HTTP")
                        .port("http-2", 80, "HTTP"), "port 80 already defined"),
                skipped("unknown protocol", dns("a.internal").addresses("10.0.0.1").port("quic", 443, "QUIC"),
                        "unsupported protocol: QUIC"),
                skipped("resolution unknown to Istio 1.1", entry(ServiceEntryResolution.DNS_ROUND_ROBIN, "r.internal")
                        .addresses("10.0.0.1"), "unsupported resolution type"),
                skipped("endpoint neither IP nor FQDN", dns("a.internal").addresses("10.0.0.1").endpoints("bad_host"),
                        "not a valid FQDN or an IP address"),
                skipped("two exportTo entries", dns("a.internal").addresses("10.0.0.1").exportTo(".", "*"),
                        "exportTo should have only one entry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buildCases")
    void buildsTheTableAsThePluginDoes(BuildCase c) {
        ServiceEntryRecords records = ServiceEntryRecords.from(List.of(c.entry().build()));

        if (c.skippedBecause() == null) {
            assertThat(records.skipped()).isEmpty();
            assertThat(records.table()).containsOnlyKeys(c.table().keySet());
            c.table().forEach((key, expected) -> assertThat(addresses(records.table().get(key))).as(key).isEqualTo(expected));
        } else {
            assertThat(records.table()).isEmpty();
            assertThat(records.skipped()).singleElement().satisfies(skipped -> {
                assertThat(skipped.entry()).isEqualTo("ns/se");
                assertThat(skipped.reason()).contains(c.skippedBecause());
            });
        }
    }

    /** A lookup case: the hosts in the table (each with its own address), the query, the address answered. */
    record LookupCase(String rule, List<String> hosts, String query, String answered) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<LookupCase> lookupCases() {
        return Stream.of(
                new LookupCase("exact name", List.of("my-fruits.internal"), "my-fruits.internal.", "my-fruits.internal"),
                new LookupCase("lookup is case-sensitive", List.of("my-fruits.internal"), "MY-FRUITS.internal.", null),
                new LookupCase("unknown name", List.of("my-fruits.internal"), "unknown.internal.", null),
                new LookupCase("wildcard matches one label more", List.of("*.foo.com"), "a.foo.com.", "*.foo.com"),
                new LookupCase("wildcard matches deeper names", List.of("*.foo.com"), "b.a.foo.com.", "*.foo.com"),
                new LookupCase("wildcard does not match its own suffix", List.of("*.foo.com"), "foo.com.", null),
                new LookupCase("a single-label wildcard never matches", List.of("*.internal"), "my-fruits.internal.", null),
                new LookupCase("exact name wins over wildcard", List.of("*.foo.com", "a.foo.com"), "a.foo.com.", "a.foo.com"),
                new LookupCase("longest wildcard suffix wins", List.of("*.foo.com", "*.a.foo.com"), "b.a.foo.com.", "*.a.foo.com"),
                new LookupCase("the root name", List.of("my-fruits.internal"), ".", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookupCases")
    void looksUpAsThePluginDoes(LookupCase c) {
        List<ServiceEntry> entries = new ArrayList<>();
        for (int i = 0; i < c.hosts().size(); i++) {
            entries.add(statik(c.hosts().get(i)).addresses("10.0.0." + (i + 1)).endpoints("10.1.1.1").build());
        }
        ServiceEntryRecords records = ServiceEntryRecords.from(entries);
        assertThat(records.skipped()).isEmpty();

        List<String> expected = c.answered() == null ? List.of() : List.of("10.0.0." + (c.hosts().indexOf(c.answered()) + 1));
        assertThat(addresses(records.lookup(c.query()))).isEqualTo(expected);
    }

    @Test
    void aHostGivenTwiceKeepsTheLaterEntrysAddresses() {
        ServiceEntryRecords records = ServiceEntryRecords.from(List.of(
                dns("dup.internal").addresses("10.0.0.1").build(), dns("dup.internal").addresses("10.0.0.2").build()));

        assertThat(addresses(records.lookup("dup.internal."))).containsExactly("10.0.0.2");
    }

    @Test
    void skippedEntriesDoNotHideValidOnes() {
        ServiceEntryRecords records = ServiceEntryRecords.from(List.of(
                dns("v6.internal").addresses("fd00::1").build(), dns("my-fruits.internal").addresses("10.103.1.1").build()));

        assertThat(records.table()).containsOnlyKeys("my-fruits.internal.");
        assertThat(records.skipped()).hasSize(1);
    }

    @Test
    void refusesAHostOnWhichTheRealPluginPanics() {
        Entry wildcardWithoutDot = statik("*foo").addresses("10.0.0.1").endpoints("10.1.1.1");

        assertThatThrownBy(() -> ServiceEntryRecords.from(List.of(wildcardWithoutDot.build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'*foo'").hasMessageContaining("panics");
    }

    @Test
    void emptyAnswersNothing() {
        assertThat(ServiceEntryRecords.empty().lookup("my-fruits.internal.")).isEmpty();
    }

    private static BuildCase gives(String rule, Entry entry, Map<String, List<String>> table) {
        return new BuildCase(rule, entry, table, null);
    }

    private static BuildCase skipped(String rule, Entry entry, String reason) {
        return new BuildCase(rule, entry, Map.of(), reason);
    }

    static List<String> addresses(List<Inet4Address> addresses) {
        return addresses == null ? null : addresses.stream().map(Inet4Address::getHostAddress).toList();
    }

    static Entry dns(String... hosts) {
        return entry(ServiceEntryResolution.DNS, hosts);
    }

    static Entry statik(String... hosts) {
        return entry(ServiceEntryResolution.STATIC, hosts);
    }

    static Entry entry(ServiceEntryResolution resolution, String... hosts) {
        return new Entry(resolution, Arrays.asList(hosts));
    }

    /** A ServiceEntry under construction, mutable for brevity in the tables above. */
    static final class Entry {
        private final io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry spec =
                new io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry();

        Entry(ServiceEntryResolution resolution, List<String> hosts) {
            spec.setResolution(resolution);
            spec.setHosts(new ArrayList<>(hosts));
        }

        Entry addresses(String... addresses) {
            spec.setAddresses(Arrays.asList(addresses));
            return this;
        }

        Entry endpoints(String... addresses) {
            spec.setEndpoints(Arrays.stream(addresses).map(address -> {
                WorkloadEntry endpoint = new WorkloadEntry();
                endpoint.setAddress(address);
                return endpoint;
            }).toList());
            return this;
        }

        Entry port(String name, long number, String protocol) {
            List<ServicePort> ports = new ArrayList<>(spec.getPorts() == null ? List.of() : spec.getPorts());
            ServicePort port = new ServicePort();
            port.setName(name);
            port.setNumber(number);
            port.setProtocol(protocol);
            ports.add(port);
            spec.setPorts(ports);
            return this;
        }

        Entry exportTo(String... namespaces) {
            spec.setExportTo(Arrays.asList(namespaces));
            return this;
        }

        ServiceEntry build() {
            ServiceEntry entry = new ServiceEntry();
            entry.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("se").build());
            entry.setSpec(spec);
            return entry;
        }
    }
}
