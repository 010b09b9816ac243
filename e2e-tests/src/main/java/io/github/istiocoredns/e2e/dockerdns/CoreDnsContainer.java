package io.github.istiocoredns.e2e.dockerdns;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * One CoreDNS server with a given Corefile, in the style of a Testcontainers module.
 *
 * <pre>{@code
 * try (CoreDnsContainer coreDns = new CoreDnsContainer("coredns/coredns:1.6.2").withCorefile(corefile)) {
 *     StartupOutcome outcome = coreDns.startForOutcome();   // Serving, or Rejected with the error line
 *     DnsResult answer = new DnsProbe(coreDns.udpEndpoint()).query("example.org", "A");
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The image is a Docker Hub name such as {@code coredns/coredns:1.6.2}; an offline mirror prefix is applied by
 *       Testcontainers (the suite's OfflineMirrorSubstitutor, or {@code TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX}), never here.</li>
 *   <li>The Corefile is copied to {@code /etc/coredns/Corefile} and CoreDNS runs with
 *       {@code -conf /etc/coredns/Corefile}, as Istio's istiocoredns chart runs it; extra files (zone files) can be
 *       copied next to it.</li>
 *   <li>Port 53 is published on 127.0.0.1 for UDP AND TCP (Testcontainers publishes TCP only), on random host
 *       ports: {@link #udpEndpoint()}, {@link #tcpEndpoint()}.</li>
 *   <li>Startup ends as soon as CoreDNS prints its serving banner or exits: {@link #start()} throws
 *       {@link CoreDnsExitedException} (inside Testcontainers' ContainerLaunchException) with the exact error line;
 *       {@link #startForOutcome()} returns it as a {@link StartupOutcome.Rejected} instead.</li>
 *   <li>{@link #withResolvConf(String)} replaces {@code /etc/resolv.conf} (what {@code forward . /etc/resolv.conf}
 *       and {@code proxy . /etc/resolv.conf} read) by bind-mounting a file written by this JVM, because Docker
 *       mounts its own resolv.conf over any copied one at start. This needs the Docker daemon on this machine.</li>
 *   <li>{@link #withNetworkNamespaceOf(CoreDnsContainer)} runs it in another container's network namespace (as two
 *       containers of one pod): it then has no ports or address of its own; the accessors return the owner's.</li>
 * </ul>
 */
public class CoreDnsContainer extends GenericContainer<CoreDnsContainer> {

    public static final String COREFILE_PATH = "/etc/coredns/Corefile";
    public static final int DNS_PORT = 53;

    private static final ExposedPort DNS_UDP = ExposedPort.udp(DNS_PORT);
    private static final ExposedPort DNS_TCP = ExposedPort.tcp(DNS_PORT);
    private static final String LOOPBACK = "127.0.0.1";

    private final String imageName;
    private final CoreDnsStartupWait startupWait;
    private CoreDnsContainer namespaceOwner;
    private String resolvConf;
    private Path resolvConfFile;
    private long startRequestedNanos;
    private StartupOutcome outcome;
    private InspectContainerResponse startedInfo;

    /** @param dockerHubImageName e.g. {@code coredns/coredns:1.6.2} */
    public CoreDnsContainer(String dockerHubImageName) {
        super(DockerImageName.parse(dockerHubImageName));
        this.imageName = dockerHubImageName;
        this.startupWait = new CoreDnsStartupWait(dockerHubImageName, () -> startRequestedNanos);
        withCommand("-conf", COREFILE_PATH);
        withStartupCheckStrategy(new AnyStateStartupCheck());
        waitingFor(startupWait);
        withCreateContainerCmdModifier(this::applyDnsSettings);
    }

    public CoreDnsContainer withCorefile(String corefile) {
        return withFile(COREFILE_PATH, corefile);
    }

    /** Copies a text file into the container before it starts (e.g. a zone file next to the Corefile). */
    public CoreDnsContainer withFile(String containerPath, String content) {
        return withCopyToContainer(Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0644), containerPath);
    }

    /** Replaces the container's {@code /etc/resolv.conf}, e.g. {@code "nameserver 172.18.0.2\n"}. */
    public CoreDnsContainer withResolvConf(String content) {
        this.resolvConf = Objects.requireNonNull(content, "content");
        return this;
    }

    /** Joins the network namespace of {@code owner}, which must be started first. */
    public CoreDnsContainer withNetworkNamespaceOf(CoreDnsContainer owner) {
        this.namespaceOwner = Objects.requireNonNull(owner, "owner");
        return this;
    }

    /**
     * Starts and waits until CoreDNS serves or has exited; an exit is an outcome here, not an error.
     *
     * @throws ContainerLaunchException for any other failure (image missing, Docker error, no verdict in time)
     */
    public StartupOutcome startForOutcome() {
        try {
            start();
            return outcome;
        } catch (ContainerLaunchException e) {
            CoreDnsExitedException exited = findExit(e);
            if (exited == null) {
                throw e;
            }
            outcome = exited.outcome();
            return outcome;
        }
    }

    @Override
    public void start() {
        startRequestedNanos = System.nanoTime();
        writeResolvConfFile();
        super.start();
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        startedInfo = getCurrentContainerInfo();
        outcome = startupWait.serving();
    }

    /** The outcome of the last start, or null before one. */
    public StartupOutcome startupOutcome() {
        return outcome;
    }

    /** Published UDP port 53, on loopback. */
    public InetSocketAddress udpEndpoint() {
        return new InetSocketAddress(LOOPBACK, publishedPort(DNS_UDP));
    }

    /** Published TCP port 53, on loopback. */
    public InetSocketAddress tcpEndpoint() {
        return new InetSocketAddress(LOOPBACK, publishedPort(DNS_TCP));
    }

    /** The address on its Docker network (the owner's when it shares a network namespace). */
    public String ipAddress() {
        if (namespaceOwner != null) {
            return namespaceOwner.ipAddress();
        }
        Map<String, ContainerNetwork> networks = info().getNetworkSettings().getNetworks();
        return networks.values().stream().map(ContainerNetwork::getIpAddress).filter(ip -> ip != null && !ip.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(imageName + " has no IP address on " + networks.keySet()));
    }

    /** The image as the caller named it (before any mirror prefix). */
    public String imageName() {
        return imageName;
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            deleteResolvConfFile();
        }
    }

    @Override
    public String toString() {
        return "CoreDnsContainer[" + imageName + (getContainerId() == null ? "" : " " + getContainerId().substring(0, 12)) + "]";
    }

    private void applyDnsSettings(CreateContainerCmd command) {
        HostConfig hostConfig = command.getHostConfig();
        if (namespaceOwner != null) {
            if (namespaceOwner.getContainerId() == null) {
                throw new IllegalStateException("start " + namespaceOwner + " before " + imageName + ", which joins its network namespace");
            }
            hostConfig.withNetworkMode("container:" + namespaceOwner.getContainerId());
        } else {
            publishDnsPorts(command, hostConfig);
        }
        if (resolvConfFile != null) {
            List<Bind> binds = new ArrayList<>(hostConfig.getBinds() == null ? List.of() : Arrays.asList(hostConfig.getBinds()));
            binds.add(Bind.parse(resolvConfFile.toAbsolutePath() + ":/etc/resolv.conf:ro"));
            hostConfig.withBinds(binds);
        }
    }

    private static void publishDnsPorts(CreateContainerCmd command, HostConfig hostConfig) {
        List<ExposedPort> exposed = new ArrayList<>(Arrays.asList(command.getExposedPorts()));
        exposed.addAll(List.of(DNS_UDP, DNS_TCP));
        command.withExposedPorts(exposed);
        List<PortBinding> bindings = new ArrayList<>();
        if (hostConfig.getPortBindings() != null) {
            hostConfig.getPortBindings().getBindings().forEach((port, hostBindings) -> {
                for (Ports.Binding binding : hostBindings) {
                    bindings.add(new PortBinding(binding, port));
                }
            });
        }
        // Loopback only: the tests talk to loopback, and nothing else on the machine's networks should reach these.
        bindings.add(new PortBinding(Ports.Binding.bindIp(LOOPBACK), DNS_UDP));
        bindings.add(new PortBinding(Ports.Binding.bindIp(LOOPBACK), DNS_TCP));
        hostConfig.withPortBindings(bindings);
    }

    private int publishedPort(ExposedPort port) {
        if (namespaceOwner != null) {
            return namespaceOwner.publishedPort(port);
        }
        Ports.Binding[] bindings = info().getNetworkSettings().getPorts().getBindings().get(port);
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(imageName + " does not publish " + port + " (is it running?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    private InspectContainerResponse info() {
        if (startedInfo == null) {
            throw new IllegalStateException(imageName + " is not serving: " + (outcome == null ? "not started" : outcome));
        }
        return startedInfo;
    }

    private void writeResolvConfFile() {
        if (resolvConf == null) {
            return;
        }
        try {
            resolvConfFile = Files.createTempFile("coredns-resolv-", ".conf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.writeString(resolvConfFile, resolvConf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resolv.conf for " + imageName + ": " + e.getMessage(), e);
        }
    }

    private void deleteResolvConfFile() {
        if (resolvConfFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(resolvConfFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + resolvConfFile + ": " + e.getMessage(), e);
        } finally {
            resolvConfFile = null;
        }
    }

    private static CoreDnsExitedException findExit(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CoreDnsExitedException exited) {
                return exited;
            }
        }
        return null;
    }
}
