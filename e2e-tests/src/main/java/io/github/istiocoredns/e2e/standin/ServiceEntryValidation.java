package io.github.istiocoredns.e2e.standin;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ServiceEntry validation the plugin applies before it builds its name table: {@code model.ValidateServiceEntry}
 * of Istio's {@code release-1.1} branch (the plugin's Gopkg.lock pins istio.io/istio to that branch), as read in
 * {@code pilot/pkg/model/validation.go} of that era. An entry with any problem is skipped by the plugin
 * ({@code plugin.go}: "ignore invalid service entries").
 *
 * <p>Reproduced: hosts (required, no bare {@code *}, DNS-1123 labels with a wildcard first label), addresses (IPv4 or
 * IPv4 CIDR only: an IPv6 address fails), CIDR only with resolution NONE or STATIC, duplicate port names and
 * numbers, the per-resolution endpoint rules, several hosts only with HTTP/TLS ports, port name/protocol/number,
 * exportTo; and, as the real plugin was seen to, a port's targetPort (a field newer than Istio 1.1's schema) makes the
 * entry unreadable. Not reproduced: endpoint label syntax, the other fields newer than that schema.
 */
final class ServiceEntryValidation {

    private static final String DNS1123_LABEL = "[a-zA-Z0-9]([-a-z-A-Z0-9]*[a-zA-Z0-9])?";
    private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);
    private static final Pattern WILDCARD_LABEL = Pattern.compile("\\*|(\\*|\\*-)?(" + DNS1123_LABEL + ")");
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;
    private static final String UNIX_PREFIX = "unix://";
    // Istio 1.1 ParseProtocol (pilot/pkg/model/service.go), case-insensitive.
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "grpc", "grpc-web", "http", "http2", "https",
            "tls", "mongo", "redis", "mysql");
    private static final Set<String> HTTP_OR_TLS = Set.of("grpc", "grpc-web", "http", "http2", "https", "tls");

    private ServiceEntryValidation() {
    }

    /** The problems Istio 1.1 would report; empty when the entry is valid. */
    static List<String> problems(io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry spec) {
        List<String> problems = new ArrayList<>();
        List<String> hosts = listOrEmpty(spec.getHosts());
        List<String> addresses = listOrEmpty(spec.getAddresses());
        List<ServicePort> ports = listOrEmpty(spec.getPorts());
        List<WorkloadEntry> endpoints = listOrEmpty(spec.getEndpoints());
        ServiceEntryResolution resolution = resolutionOf(spec);

        checkHosts(hosts, problems);
        checkAddresses(addresses, resolution, problems);
        Set<String> portNames = checkDuplicatePorts(ports, problems);
        checkEndpoints(resolution, hosts, endpoints, ports, portNames, problems);
        checkMultipleHosts(resolution, hosts, ports, problems);
        for (ServicePort port : ports) {
            checkPort(port, problems);
        }
        checkExportTo(listOrEmpty(spec.getExportTo()), problems);
        return problems;
    }

    /** An absent resolution is the proto3 default, NONE. */
    static ServiceEntryResolution resolutionOf(io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry spec) {
        return spec.getResolution() == null ? ServiceEntryResolution.NONE : spec.getResolution();
    }

    private static void checkHosts(List<String> hosts, List<String> problems) {
        if (hosts.isEmpty()) {
            problems.add("service entry must have at least one host");
        }
        for (String host : hosts) {
            if ("*".equals(host)) {
                problems.add("invalid host " + host);
            } else {
                wildcardDomainProblem(host).ifPresent(problems::add);
            }
        }
    }

    private static void checkAddresses(List<String> addresses, ServiceEntryResolution resolution, List<String> problems) {
        boolean cidrFound = false;
        for (String address : addresses) {
            cidrFound |= address.contains("/");
            ipv4SubnetProblem(address).ifPresent(problems::add);
        }
        if (cidrFound && resolution != ServiceEntryResolution.NONE && resolution != ServiceEntryResolution.STATIC) {
            problems.add("CIDR addresses are allowed only for NONE/STATIC resolution types");
        }
    }

    private static Set<String> checkDuplicatePorts(List<ServicePort> ports, List<String> problems) {
        Set<String> names = new HashSet<>();
        Set<Long> numbers = new HashSet<>();
        for (ServicePort port : ports) {
            String name = Objects.toString(port.getName(), "");
            long number = port.getNumber() == null ? 0 : port.getNumber();
            if (!names.add(name)) {
                problems.add("service entry port name \"" + name + "\" already defined");
            }
            if (!numbers.add(number)) {
                problems.add("service entry port " + number + " already defined");
            }
        }
        return names;
    }

    private static void checkEndpoints(ServiceEntryResolution resolution, List<String> hosts, List<WorkloadEntry> endpoints,
            List<ServicePort> ports, Set<String> portNames, List<String> problems) {
        switch (resolution) {
            case NONE -> {
                if (!endpoints.isEmpty()) {
                    problems.add("no endpoints should be provided for resolution type none");
                }
            }
            case STATIC -> checkStaticEndpoints(endpoints, ports, portNames, problems);
            case DNS -> checkDnsEndpoints(hosts, endpoints, portNames, problems);
            // DNS_ROUND_ROBIN and DYNAMIC_DNS came after Istio 1.1, whose enum did not know them.
            default -> problems.add("unsupported resolution type " + resolution);
        }
    }

    private static void checkStaticEndpoints(List<WorkloadEntry> endpoints, List<ServicePort> ports, Set<String> portNames,
            List<String> problems) {
        if (endpoints.isEmpty()) {
            problems.add("endpoints must be provided if service entry resolution mode is static");
        }
        boolean unixEndpoint = false;
        for (WorkloadEntry endpoint : endpoints) {
            String address = Objects.toString(endpoint.getAddress(), "");
            Map<String, Long> endpointPorts = mapOrEmpty(endpoint.getPorts());
            if (address.startsWith(UNIX_PREFIX)) {
                unixEndpoint = true;
                unixAddressProblem(address.substring(UNIX_PREFIX.length())).ifPresent(problems::add);
                if (!endpointPorts.isEmpty()) {
                    problems.add("unix endpoint " + address + " must not include ports");
                }
            } else {
                ipv4AddressProblem(address).ifPresent(problems::add);
                endpointPorts.forEach((name, number) -> {
                    if (!portNames.contains(name)) {
                        problems.add("endpoint port " + number + " is not defined by the service entry");
                    }
                });
            }
        }
        if (unixEndpoint && ports.size() != 1) {
            problems.add("exactly 1 service port required for unix endpoints");
        }
    }

    private static void checkDnsEndpoints(List<String> hosts, List<WorkloadEntry> endpoints, Set<String> portNames,
            List<String> problems) {
        if (endpoints.isEmpty()) {
            for (String host : hosts) {
                if (fqdnProblem(host).isPresent()) {
                    problems.add("hosts must be FQDN if no endpoints are provided for resolution mode DNS");
                }
            }
        }
        for (WorkloadEntry endpoint : endpoints) {
            String address = Objects.toString(endpoint.getAddress(), "");
            if (GoIpLiteral.kindOf(address) == GoIpLiteral.Kind.NOT_AN_IP && fqdnProblem(address).isPresent()) {
                problems.add("endpoint address \"" + address + "\" is not a valid FQDN or an IP address");
            }
            mapOrEmpty(endpoint.getPorts()).forEach((name, number) -> {
                if (!portNames.contains(name)) {
                    problems.add("endpoint port " + number + " is not defined by the service entry");
                }
                portNameProblem(name).ifPresent(problems::add);
                portNumberProblem(number).ifPresent(problems::add);
            });
        }
    }

    // Plain TCP cannot tell hosts apart, so several hosts need HTTP or TLS ports unless resolution is NONE.
    private static void checkMultipleHosts(ServiceEntryResolution resolution, List<String> hosts, List<ServicePort> ports,
            List<String> problems) {
        if (resolution == ServiceEntryResolution.NONE || hosts.size() <= 1) {
            return;
        }
        boolean canDifferentiate = ports.stream()
                .allMatch(port -> HTTP_OR_TLS.contains(Objects.toString(port.getProtocol(), "").toLowerCase(Locale.ROOT)));
        if (!canDifferentiate) {
            problems.add("multiple hosts provided with non-HTTP, non-TLS ports");
        }
    }

    private static void checkPort(ServicePort port, List<String> problems) {
        portNameProblem(Objects.toString(port.getName(), "")).ifPresent(problems::add);
        String protocol = Objects.toString(port.getProtocol(), "");
        if (!PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            problems.add("unsupported protocol: " + protocol);
        }
        portNumberProblem(port.getNumber() == null ? 0 : port.getNumber()).ifPresent(problems::add);
        // Not a validation but a decoding failure: the plugin reads the spec with Istio 1.1's types, whose Port has no
        // targetPort (added later), and drops the entry (seen: scripts/istio-coredns-plugin/README.md, "Failed to convert
        // service-entry object, ignoring: ... unknown field \"targetPort\" in v1alpha3.Port").
        if (port.getTargetPort() != null) {
            problems.add("unknown field \"targetPort\" in v1alpha3.Port (Istio 1.1's schema, which the plugin decodes with, has none)");
        }
    }

    private static void checkExportTo(List<String> exportTo, List<String> problems) {
        if (exportTo.size() > 1) {
            problems.add("exportTo should have only one entry (. or *) in the current release");
        } else if (exportTo.size() == 1 && !Set.of(".", "*").contains(exportTo.get(0))) {
            problems.add("only . or * is allowed in the exportTo in the current release");
        }
    }

    static Optional<String> wildcardDomainProblem(String domain) {
        Optional<String> precondition = nameLengthProblem(domain);
        if (precondition.isPresent()) {
            return precondition;
        }
        String[] parts = domain.split("\\.", 2);
        if (parts[0].length() > MAX_LABEL || !WILDCARD_LABEL.matcher(parts[0]).matches()) {
            return Optional.of("domain name \"" + domain + "\" invalid (label \"" + parts[0] + "\" invalid)");
        }
        return parts.length > 1 ? labelsProblem(parts[1]) : Optional.empty();
    }

    static Optional<String> fqdnProblem(String fqdn) {
        return nameLengthProblem(fqdn).or(() -> labelsProblem(fqdn));
    }

    private static Optional<String> nameLengthProblem(String name) {
        if (name.length() > MAX_NAME) {
            return Optional.of("domain name \"" + name + "\" too long (max 255)");
        }
        if (name.isEmpty()) {
            return Optional.of("empty domain name not allowed");
        }
        return Optional.empty();
    }

    private static Optional<String> labelsProblem(String domain) {
        for (String label : domain.split("\\.", -1)) {
            if (!isLabel(label)) {
                return Optional.of("domain name \"" + domain + "\" invalid (label \"" + label + "\" invalid)");
            }
        }
        return Optional.empty();
    }

    private static boolean isLabel(String value) {
        return value.length() <= MAX_LABEL && LABEL.matcher(value).matches();
    }

    private static Optional<String> ipv4SubnetProblem(String subnet) {
        if (subnet.chars().filter(c -> c == '/').count() == 1) {
            return GoIpLiteral.isIpv4Cidr(subnet) ? Optional.empty()
                    : Optional.of(subnet + " is not a valid CIDR block or not IPv4");
        }
        return ipv4AddressProblem(subnet);
    }

    private static Optional<String> ipv4AddressProblem(String address) {
        return switch (GoIpLiteral.kindOf(address)) {
            case NOT_AN_IP -> Optional.of(address + " is not a valid IP");
            case IPV6 -> Optional.of(address + " is not a valid IPv4 address");
            case IPV4 -> Optional.empty();
        };
    }

    private static Optional<String> unixAddressProblem(String path) {
        if (path.isEmpty()) {
            return Optional.of("unix address must not be empty");
        }
        if (path.startsWith("@")) {
            return Optional.empty();
        }
        return path.startsWith("/") && !path.endsWith("/") ? Optional.empty()
                : Optional.of(path + " is not an absolute path to a file");
    }

    private static Optional<String> portNameProblem(String name) {
        return isLabel(name) ? Optional.empty() : Optional.of("invalid port name: " + name);
    }

    private static Optional<String> portNumberProblem(long number) {
        return number >= 1 && number <= 65535 ? Optional.empty()
                : Optional.of("port number " + number + " must be in the range 1..65535");
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> mapOrEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
