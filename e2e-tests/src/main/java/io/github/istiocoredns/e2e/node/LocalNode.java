package io.github.istiocoredns.e2e.node;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local node (scripts/local-node) as the suite uses it: checked, started once, given images, taken down. Its
 * processes outlive nothing: {@link #close} takes the node down, and a JVM shutdown hook does it on interrupt.
 *
 * <pre>{@code
 * try (LocalNode node = LocalNode.start(projectRoot, projectRoot.resolve("e2e-tests/target/local-node"), System.out::println)) {
 *     node.importImages(Map.of("coredns/coredns:1.14.7", "mirror.local/coredns/coredns:1.14.7"));
 *     ExistingCluster cluster = ExistingCluster.connect(node.environment().kubeconfig());
 * }
 * }</pre>
 */
public final class LocalNode implements AutoCloseable {

    private static final Duration CHECK_BOUND = Duration.ofSeconds(60);
    /** Certificates, seven processes, node Ready and the first ServiceAccount: about 30 s here, cold CI runners more. */
    private static final Duration UP_BOUND = Duration.ofMinutes(4);
    /** Draining pods (60 s at most) and stopping processes (20 s each at most). */
    private static final Duration DOWN_BOUND = Duration.ofMinutes(5);
    private static final Duration IMPORT_BOUND_PER_IMAGE = Duration.ofMinutes(2);

    private final NodeScript script;
    private final Path directory;
    private final NodeEnvironment environment;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalNode(NodeScript script, Path directory, NodeEnvironment environment) {
        this.script = script;
        this.directory = directory;
        this.environment = environment;
        this.shutdownHook = new Thread(this::down, "local-node down on JVM shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Empty when the node can start here; else what is missing and how to provide it, one item per line. */
    public static Optional<String> missing(Path projectRoot) {
        NodeScript.Result result = new NodeScript(projectRoot, line -> { }).run(CHECK_BOUND, List.of("check"));
        return result.succeeded() ? Optional.empty() : Optional.of(result.lastLines().isEmpty()
                ? "scripts/local-node check exited with " + result.exitCode() : String.join("; ", result.lastLines()));
    }

    /** A node with the article's service range (10.96.0.0/12). */
    public static LocalNode start(Path projectRoot, Path directory, Consumer<String> log) {
        return start(projectRoot, directory, "", log);
    }

    /** @param serviceCidr the node's service range, such as k3s's 10.43.0.0/16; empty for the article's */
    public static LocalNode start(Path projectRoot, Path directory, String serviceCidr, Consumer<String> log) {
        NodeScript script = new NodeScript(projectRoot, log);
        List<String> arguments = new ArrayList<>(List.of("up", "--dir", directory.toString()));
        if (!serviceCidr.isBlank()) {
            arguments.addAll(List.of("--service-cidr", serviceCidr.strip()));
        }
        NodeScript.Result result = script.run(UP_BOUND, arguments);
        if (!result.succeeded()) {
            // A half-started node must not stay behind.
            script.run(DOWN_BOUND, List.of("down", "--dir", directory.toString()));
            throw new IllegalStateException("local node: `scripts/local-node " + String.join(" ", arguments) + "` "
                    + (result.exitCode() < 0 ? "did not finish within " + UP_BOUND.toMinutes() + " min" : "exited with " + result.exitCode())
                    + "; its last lines:\n" + result.tail() + "\n(logs of each process: " + directory.resolve("logs") + ")");
        }
        return new LocalNode(script, directory, NodeEnvironment.read(directory.resolve("node.env")));
    }

    public NodeEnvironment environment() {
        return environment;
    }

    public Path directory() {
        return directory;
    }

    /** A client of the node as its administrator; the caller closes it. */
    public KubernetesClient newClient() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(environment.kubeconfig()))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the local node's kubeconfig " + environment.kubeconfig(), e);
        }
    }

    /** @param images the name the manifests use mapped to the local Docker image that provides it */
    public void importImages(Map<String, String> images) {
        if (images.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>(List.of("import", "--dir", directory.toString()));
        images.forEach((name, source) -> arguments.add(name + "=" + source));
        NodeScript.Result result = script.run(IMPORT_BOUND_PER_IMAGE.multipliedBy(images.size()), arguments);
        if (!result.succeeded()) {
            throw new IllegalStateException("local node: importing " + images.keySet() + " failed (exit " + result.exitCode() + "):\n"
                    + result.tail());
        }
    }

    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
    }

    private synchronized void down() {
        if (closed) {
            return;
        }
        closed = true;
        NodeScript.Result result = script.run(DOWN_BOUND, List.of("down", "--dir", directory.toString()));
        if (!result.succeeded()) {
            System.err.println("local node: `scripts/local-node down --dir " + directory + "` exited with " + result.exitCode()
                    + "; the machine may keep its processes or iptables rules:\n" + result.tail());
        }
    }
}
