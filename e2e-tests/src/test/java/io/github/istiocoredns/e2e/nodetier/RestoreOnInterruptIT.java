package io.github.istiocoredns.e2e.nodetier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.catalog.KubeDnsMethod;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.mesh.ChartRepositoryOnLoopback;
import io.github.istiocoredns.e2e.node.LocalNode;
import io.github.istiocoredns.e2e.probe.Eventually;
import io.github.istiocoredns.e2e.tier.Tier;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import io.github.istiocoredns.e2e.variantrun.KubeDns;
import io.github.istiocoredns.e2e.variantrun.VariantRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's promise that an existing cluster's kube-dns is restored "also on interrupt", kept: a run against the local
 * node (reached as an existing cluster) installs Istio's charts with helm-java, whose native library takes the process's
 * SIGINT/SIGTERM handlers away from the JVM (manusa/helm-java issue 409), then starts a variant that edits kube-dns; it
 * gets SIGINT mid-variant, as Ctrl-C or a CI cancel would send, and kube-dns must be byte for byte what it was before.
 */
@Tag("node")
class RestoreOnInterruptIT {

    private static final String NODE_DIRECTORY = "e2e-tests/target/local-node";
    /** Edits the kube-system/coredns ConfigMap, as the article does. */
    private static final String VARIANT = "corrected-corefile-on-coredns-1.14.7";
    private static final Duration EDIT_BOUND = Duration.ofMinutes(4);
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);
    /** What a JVM that ran its shutdown on SIGINT exits with: 128 + 2. */
    private static final int EXIT_ON_SIGINT = 130;

    @Test
    void sigintMidVariantRestoresKubeDnsByteForByte() throws Exception {
        VariantCatalog catalog = VariantCatalog.load();
        Path root = catalog.projectRoot();
        Optional<Path> charts = IstioChartsOnNodeIT.chartsDirectory(root);
        TierPrerequisite.check(Tier.NODE, LocalNode.missing(root).or(() -> charts.isPresent() ? Optional.empty()
                : Optional.of("Istio's charts: scripts/offline-images istio-charts")));
        assertThat(catalog.variant(VARIANT).kubeDns()).as(VARIANT + " edits kube-dns's own ConfigMap").isEqualTo(KubeDnsMethod.CONFIGMAP_EDIT);
        String version = charts.orElseThrow().getFileName().toString().replaceFirst("^v", "");
        try (LocalNode node = LocalNode.start(root, root.resolve(NODE_DIRECTORY), System.out::println);
                ChartRepositoryOnLoopback repository = ChartRepositoryOnLoopback.serve(
                        List.of(charts.get().resolve("base"), charts.get().resolve("istiod")), version);
                KubernetesClient client = node.newClient()) {
            applyKubeDnsObjects(client, catalog, node.environment().clusterDns());
            Map<String, String> before = corednsData(client);

            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Process child = startChild(root, node.environment().kubeconfig(), repository.uri().toString(), version,
                    root.resolve("e2e-tests/target/helm-interrupt"), output);
            try {
                new Eventually(EDIT_BOUND).withPollInterval(Duration.ofSeconds(1)).until("the child run has installed Istio with helm-java and "
                        + "edited ConfigMap kube-system/coredns (output so far: " + tail(output) + ")",
                        () -> child.isAlive() && output.contains(InterruptibleVariantRun.HELM_DONE) && !corednsData(client).equals(before),
                        edited -> edited);

                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
                boolean exited = child.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS);

                assertThat(exited).as("the run ends on SIGINT within %d s (output: %s)", EXIT_BOUND.toSeconds(), tail(output)).isTrue();
                assertThat(child.exitValue()).as("exit status: the JVM's own SIGINT handling ran its shutdown").isEqualTo(EXIT_ON_SIGINT);
                assertThat(corednsData(client)).as("kube-system/coredns after the interrupted run, key by key").isEqualTo(before);
                assertThat(output).as("the restore ran on the interrupt path").contains(VariantRun.INTERRUPT_RESTORED);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** kube-dns's objects of the node tier (only the ConfigMap matters here: no kube-dns pod needs to run). */
    private static void applyKubeDnsObjects(KubernetesClient client, VariantCatalog catalog, String clusterDns) {
        ManifestSet kubeDns = new VariantSetup(catalog).loader().load(List.of(catalog.resolve(catalog.platform().localNode().kubeDns())));
        for (HasMetadata object : kubeDns.objects().stream().map(o -> o.object()).toList()) {
            if (object instanceof Service service) {
                service.getSpec().setClusterIP(clusterDns);
            }
            client.resource(object).serverSideApply();
        }
    }

    private static Map<String, String> corednsData(KubernetesClient client) {
        ConfigMap coredns = client.configMaps().inNamespace(KubeDns.NAMESPACE).withName("coredns").get();
        assertThat(coredns).as("ConfigMap kube-system/coredns").isNotNull();
        return Map.copyOf(coredns.getData());
    }

    /**
     * The child JVM, on this JVM's class path, its output collected line by line. It starts with SIGINT at its default
     * disposition: a build started in the background (`nohup ... &`) passes SIGINT on as ignored, and a JVM that
     * starts with SIGINT ignored keeps it ignored (no handler, no shutdown), so the test would say nothing about us.
     */
    private static Process startChild(Path root, Path kubeconfig, String repository, String version, Path helmWork, List<String> output)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("env", "--default-signal=INT", java, "-Dproject.root=" + root, "-cp", System.getProperty("java.class.path"),
                InterruptibleVariantRun.class.getName(), kubeconfig.toString(), repository, version, VARIANT, helmWork.toString())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    System.out.println("[child] " + line);
                }
            } catch (IOException ended) {
                // The child is gone.
            }
        }, "interruptible-run-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private static String tail(List<String> output) {
        synchronized (output) {
            return String.join(" | ", output.subList(Math.max(0, output.size() - 8), output.size()));
        }
    }
}
