package io.github.istiocoredns.e2e.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsWriterTest {

    private static final PodRef ISTIOCOREDNS = new PodRef("istio-system", "istiocoredns-7d9", List.of("coredns", "istio-coredns-plugin"));
    private static final PodRef CLIENT = new PodRef("mesh-client", "dns-client-5f", List.of("istio-init", "client", "istio-proxy"));

    /** A cluster with two pods; the plugin's log cannot be read, and coredns has a previous run. */
    private static final class FakeSource implements DiagnosticsSource {

        @Override
        public String events(String namespace) {
            return "Warning BackOff " + namespace + "\n";
        }

        @Override
        public List<PodRef> pods(String namespace) {
            return Stream.of(ISTIOCOREDNS, CLIENT).filter(p -> p.namespace().equals(namespace)).toList();
        }

        @Override
        public String log(PodRef pod, String container, boolean previous) {
            if (container.equals("istio-coredns-plugin")) {
                throw new IllegalStateException("container not started");
            }
            if (previous) {
                return container.equals("coredns") ? "plugin/grpc: this plugin can only be used once per Server Block\n" : "";
            }
            return "log of " + container + "\n";
        }

        @Override
        public Map<String, String> corefiles() {
            return Map.of("kube-system/coredns/Corefile", ".:53 {\n}\n");
        }

        @Override
        public List<PodRef> meshedClients() {
            return List.of(CLIENT);
        }

        @Override
        public String envoy(PodRef pod, String path) {
            return path.equals("config_dump") ? "{\"configs\":[]}" : "outbound|80||my-fruits.internal::10.103.1.1:80";
        }
    }

    @Test
    void writesTheLayoutAndNotesWhatCouldNotBeCollected(@TempDir Path dir) throws IOException {
        List<Path> files = new DiagnosticsWriter().writeOnce(new FakeSource(), List.of("istio-system", "mesh-client"), dir, "variant x contradicts");

        Path root = dir.resolve("diagnostics");
        assertThat(files).contains(
                root.resolve("events/istio-system.txt"),
                root.resolve("logs/istio-system/istiocoredns-7d9/coredns.log"),
                root.resolve("logs/istio-system/istiocoredns-7d9/coredns.previous.log"),
                root.resolve("logs/mesh-client/dns-client-5f/istio-proxy.log"),
                root.resolve("corefiles/kube-system_coredns_Corefile.Corefile"),
                root.resolve("envoy/mesh-client/dns-client-5f/config_dump.json"),
                root.resolve("envoy/mesh-client/dns-client-5f/clusters.txt"),
                root.resolve("README.txt"));
        assertThat(root.resolve("logs/istio-system/istiocoredns-7d9/istio-coredns-plugin.log")).doesNotExist();
        assertThat(root.resolve("logs/mesh-client/dns-client-5f/client.previous.log")).as("an empty previous log is no file").doesNotExist();
        assertThat(Files.readString(root.resolve("logs/istio-system/istiocoredns-7d9/coredns.previous.log"))).contains("only be used once");
        assertThat(Files.readString(root.resolve("README.txt"))).contains("variant x contradicts")
                .contains("log of istio-system/istiocoredns-7d9/istio-coredns-plugin: java.lang.IllegalStateException: container not started");
        assertThat(files).allMatch(Files::isRegularFile);
    }

    @Test
    void filesFromOutsideTheApiAreWrittenAlsoWhenNoClusterAnswers(@TempDir Path dir) throws IOException {
        Map<String, java.util.concurrent.Callable<String>> extras = Map.of("k3s/container.log", () -> "level=fatal msg=\"kubelet exited\"\n",
                "k3s/unreadable.log", () -> {
                    throw new IllegalStateException("container gone");
                });

        List<Path> files = new DiagnosticsWriter().writeOnce(null, List.of("istio-system"), dir, "setup failed", extras);

        Path root = dir.resolve("diagnostics");
        assertThat(files).containsExactly(root.resolve("k3s/container.log"), root.resolve("README.txt"));
        assertThat(Files.readString(root.resolve("k3s/container.log"))).contains("kubelet exited");
        assertThat(Files.readString(root.resolve("README.txt"))).contains("setup failed").contains("k3s/unreadable.log: java.lang.IllegalStateException: container gone")
                .contains("the cluster's API: nothing answered");
    }

    @Test
    void collectsOnlyOncePerSuite(@TempDir Path dir) {
        DiagnosticsWriter writer = new DiagnosticsWriter();

        List<Path> first = writer.writeOnce(new FakeSource(), List.of("mesh-client"), dir, "first failure");
        List<Path> second = writer.writeOnce(new FakeSource(), List.of("mesh-client"), dir, "second failure");

        assertThat(first).isNotEmpty();
        assertThat(second).isEmpty();
    }

    @Test
    void namesBecomeSafeFileNames() {
        assertThat(DiagnosticsWriter.safe("kube-system/coredns-custom/internal.server")).isEqualTo("kube-system_coredns-custom_internal.server");
    }
}
