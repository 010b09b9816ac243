package io.github.istiocoredns.e2e.dockerdns;

import com.github.dockerjava.api.model.Network.Ipam;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import io.github.istiocoredns.e2e.standin.StandInPluginServer;
import io.github.istiocoredns.e2e.standin.StandInRelay;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * The article's resolution chain for one Corefile variant, in Docker, every part created by this object on one
 * network of its own and removed by {@link #close()}:
 *
 * <pre>
 *  test (dnsjava) -> kube-dns       CoreDNS (modern) : the variant's stub block for {@code internal}, rendered with the
 *                                   istiocoredns address, plus {@code .:53 { forward . <upstream> }}
 *                 -> istiocoredns   CoreDNS (the variant's version and Corefile), /etc/resolv.conf -> upstream
 *                    + relay        in the same network namespace: {@code grpc://.:8053 { grpc . <gateway>:<port> }}
 *                 -> stand-in       istio-coredns-plugin stand-in, gRPC server in this JVM on the network's gateway
 *  upstream                         CoreDNS authoritative for "." : {@value #UPSTREAM_CHECK_NAME} A
 *                                   {@value #UPSTREAM_CHECK_ADDRESS}, NXDOMAIN for every other name
 * </pre>
 *
 * <p>So {@code 127.0.0.1:8053} inside istiocoredns's network namespace reaches the stand-in, as
 * {@code 127.0.0.1:8053} reaches the plugin container in Istio's istiocoredns pod. The relay holds the namespace
 * and istiocoredns joins it (a pod's sandbox, then its containers): the plugin side listens before istiocoredns
 * starts, so istiocoredns's gRPC client never starts in a failed, backing-off state. The upstream stands for the
 * node's resolver, so no query ever leaves the machine.
 *
 * <pre>{@code
 * try (DnsChain chain = new DnsChain()
 *         .withIstiocoredns("coredns/coredns:1.6.2", corefile)
 *         .withKubeDns("coredns/coredns:1.14.7", ip -> stubBlockFor(ip))
 *         .withHelperImage("coredns/coredns:1.14.7")
 *         .withPluginRecords(ServiceEntryRecords.from(serviceEntries))) {
 *     StartupOutcome outcome = chain.start();
 *     ...
 * }
 * }</pre>
 */
public final class DnsChain implements AutoCloseable {

    /** The one name the upstream answers; TEST-NET-1 address (RFC 5737). */
    public static final String UPSTREAM_CHECK_NAME = "upstream-check.example.";
    public static final String UPSTREAM_CHECK_ADDRESS = "192.0.2.53";

    private static final String UPSTREAM_ZONE_PATH = "/etc/coredns/upstream.zone";

    private String istiocorednsImage;
    private String istiocorednsCorefile;
    private String kubeDnsImage;
    private UnaryOperator<String> kubeDnsStubBlock;
    private String helperImage;
    private ServiceEntryRecords initialRecords = ServiceEntryRecords.empty();

    private Network network;
    private StandInPluginServer standIn;
    private CoreDnsContainer upstream;
    private CoreDnsContainer relay;
    private CoreDnsContainer istiocoredns;
    // Started alongside istiocoredns; offered by kubeDns() only when istiocoredns serves.
    private CoreDnsContainer kubeDns;
    private StartupOutcome istiocorednsOutcome;
    private Duration startupTime;

    /** The variant under test: its CoreDNS image (Docker Hub name) and its Corefile. */
    public DnsChain withIstiocoredns(String image, String corefile) {
        this.istiocorednsImage = Objects.requireNonNull(image, "image");
        this.istiocorednsCorefile = Objects.requireNonNull(corefile, "corefile");
        return this;
    }

    /**
     * The kube-dns CoreDNS: its image and the stub block(s) it gets for an istiocoredns address (the article's
     * {@code internal:53 { errors cache 30 forward . <istiocoredns> }}); a catch-all {@code .:53} block forwarding
     * to the upstream is appended.
     */
    public DnsChain withKubeDns(String image, UnaryOperator<String> stubBlockForIstiocorednsIp) {
        this.kubeDnsImage = Objects.requireNonNull(image, "image");
        this.kubeDnsStubBlock = Objects.requireNonNull(stubBlockForIstiocorednsIp, "stubBlockForIstiocorednsIp");
        return this;
    }

    /** The CoreDNS image of the relay and the upstream; needs the grpc plugin and grpc:// servers (1.5.0 or later). */
    public DnsChain withHelperImage(String image) {
        this.helperImage = Objects.requireNonNull(image, "image");
        return this;
    }

    /** The stand-in's records at start; change them later through {@link #standIn()}. */
    public DnsChain withPluginRecords(ServiceEntryRecords records) {
        this.initialRecords = Objects.requireNonNull(records, "records");
        return this;
    }

    /**
     * Starts the chain: network and stand-in, then upstream and relay together, then istiocoredns and kube-dns
     * together. When istiocoredns rejects its Corefile the outcome says why and {@link #kubeDns()} is refused;
     * everything started stays up until {@link #close()}.
     *
     * @return istiocoredns's startup outcome
     * @throws RuntimeException when any other part fails to start; what was started is stopped first
     */
    public StartupOutcome start() {
        requireConfigured();
        long started = System.nanoTime();
        try {
            network = Network.newNetwork();
            standIn = new StandInPluginServer(gatewayOf(network)).withRecords(initialRecords).start();
            upstream = new CoreDnsContainer(helperImage).withNetwork(network).withNetworkAliases("upstream")
                    .withCorefile(upstreamCorefile()).withFile(UPSTREAM_ZONE_PATH, upstreamZone());
            relay = new CoreDnsContainer(helperImage).withNetwork(network).withNetworkAliases("istiocoredns")
                    .withCorefile(relayCorefile(standIn.hostAndPort()));
            inParallel(() -> startHelper(upstream), () -> startHelper(relay));

            // istiocoredns's address is the relay's (one network namespace), so kube-dns can start alongside it.
            istiocoredns = new CoreDnsContainer(istiocorednsImage).withNetworkNamespaceOf(relay)
                    .withCorefile(istiocorednsCorefile).withResolvConf("nameserver " + upstream.ipAddress() + "\n");
            kubeDns = new CoreDnsContainer(kubeDnsImage).withNetwork(network).withNetworkAliases("kube-dns")
                    .withCorefile(kubeDnsCorefile(kubeDnsStubBlock.apply(relay.ipAddress()), upstream.ipAddress()));
            inParallel(() -> istiocorednsOutcome = istiocoredns.startForOutcome(), () -> startHelper(kubeDns));
            startupTime = Duration.ofNanos(System.nanoTime() - started);
            return istiocorednsOutcome;
        } catch (RuntimeException failure) {
            closeAfter(failure);
            throw failure;
        }
    }

    /** The kube-dns CoreDNS, the one a pod would ask. Only when istiocoredns serves. */
    public CoreDnsContainer kubeDns() {
        if (kubeDns == null || !(istiocorednsOutcome instanceof StartupOutcome.Serving)) {
            throw new IllegalStateException("no kube-dns: istiocoredns " + (istiocorednsOutcome == null ? "not started" : istiocorednsOutcome));
        }
        return kubeDns;
    }

    public CoreDnsContainer istiocoredns() {
        return requireStarted(istiocoredns, "istiocoredns");
    }

    public CoreDnsContainer upstream() {
        return requireStarted(upstream, "upstream");
    }

    public CoreDnsContainer relay() {
        return requireStarted(relay, "relay");
    }

    /** The plugin stand-in: replace its records for negative controls; count the queries that reached it. */
    public StandInPluginServer standIn() {
        return requireStarted(standIn, "stand-in");
    }

    public StartupOutcome istiocorednsOutcome() {
        return istiocorednsOutcome;
    }

    /** From {@link #start()} until every part has served or exited. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The logs of every container started, for failure messages. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        for (var part : List.of(new Part("upstream", upstream), new Part("relay", relay), new Part("istiocoredns", istiocoredns),
                new Part("kube-dns", kubeDns))) {
            if (part.container() != null && part.container().getContainerId() != null) {
                logs.append("--- ").append(part.name()).append(" (").append(part.container().imageName()).append(")\n")
                        .append(part.container().getLogs());
            }
        }
        return logs.toString();
    }

    /** Stops every container, the stand-in and the network, each even when another fails to stop. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (CoreDnsContainer container : new CoreDnsContainer[] {kubeDns, istiocoredns, relay, upstream}) {
            if (container != null) {
                runCollecting(container::stop, failures);
            }
        }
        if (standIn != null) {
            runCollecting(standIn::close, failures);
        }
        if (network != null) {
            runCollecting(network::close, failures);
        }
        kubeDns = kubeDns = istiocoredns = relay = upstream = null;
        standIn = null;
        network = null;
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Corefile of the relay: a DNS-over-gRPC server on 8053 that passes every query to the stand-in. */
    static String relayCorefile(String standInHostAndPort) {
        return StandInRelay.corefile(standInHostAndPort);
    }

    /** The kube-dns Corefile: the variant's stub block, then every other name to the upstream. */
    static String kubeDnsCorefile(String stubBlock, String upstreamIp) {
        return stubBlock.stripTrailing() + "\n\n.:53 {\n    errors\n    forward . " + upstreamIp + "\n}\n";
    }

    static String upstreamCorefile() {
        return ".:53 {\n    file " + UPSTREAM_ZONE_PATH + " .\n}\n";
    }

    /** A root zone: authoritative NXDOMAIN for every name but the check name. */
    static String upstreamZone() {
        return """
                $ORIGIN .
                @ 3600 IN SOA upstream.invalid. hostmaster.upstream.invalid. 1 3600 600 86400 30
                @ 3600 IN NS upstream.invalid.
                %s 60 IN A %s
                """.formatted(UPSTREAM_CHECK_NAME, UPSTREAM_CHECK_ADDRESS);
    }

    private static void startHelper(CoreDnsContainer container) {
        StartupOutcome outcome = container.startForOutcome();
        if (outcome instanceof StartupOutcome.Rejected rejected) {
            throw new IllegalStateException(container.imageName() + " (a part of the chain, not the variant) rejected its "
                    + "Corefile: " + rejected.errorLine() + "\nlog:\n" + rejected.log());
        }
    }

    // Container starts are mostly waiting on Docker; two at a time nearly halves a chain's startup. Both are waited
    // for, so that close() never races a start still in progress.
    private static void inParallel(Runnable first, Runnable second) {
        CompletableFuture<Void> other = CompletableFuture.runAsync(second);
        RuntimeException failure = null;
        try {
            first.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            other.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // The bridge's gateway is this machine's address on the network: the stand-in listens there and nowhere else.
    private static InetAddress gatewayOf(Network network) {
        Ipam ipam = DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec().getIpam();
        String gateway = ipam.getConfig().stream().map(Ipam.Config::getGateway).filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> new IllegalStateException("Docker network " + network.getId() + " has no gateway address"));
        try {
            return InetAddress.getByName(gateway);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("gateway '" + gateway + "' of Docker network " + network.getId() + " is not an IP", e);
        }
    }

    private void requireConfigured() {
        if (istiocorednsImage == null || kubeDnsImage == null || helperImage == null) {
            throw new IllegalStateException("configure withIstiocoredns, withKubeDns and withHelperImage before start()");
        }
        if (network != null) {
            throw new IllegalStateException("chain already started");
        }
    }

    private static <T> T requireStarted(T part, String name) {
        if (part == null) {
            throw new IllegalStateException("the chain's " + name + " is not started");
        }
        return part;
    }

    private void closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException cleanupFailure) {
            failure.addSuppressed(cleanupFailure);
        }
    }

    private static void runCollecting(Runnable action, List<RuntimeException> failures) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private record Part(String name, CoreDnsContainer container) {
    }
}
