package io.github.istiocoredns.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kube-dns steps against fabric8's mock API server (CRUD mode): the change, its undo, and the byte-exact check. */
@EnableKubernetesMockClient(crud = true)
class KubeDnsStepsTest {

    private static final String COREFILE = ".:53 {\n    errors\n    import /etc/coredns/custom/*.override\n}\nimport /etc/coredns/custom/*.server";

    KubernetesClient client;
    private Cluster cluster;

    @BeforeEach
    void istiocorednsServiceAndKubeDns() {
        cluster = new MockCluster(client);
        client.resource(new ServiceBuilder().withNewMetadata().withName("istiocoredns").withNamespace("istio-system").endMetadata()
                .withNewSpec().withClusterIP("10.96.7.7").endSpec().build()).create();
        client.resource(configMap("coredns", Map.of("Corefile", COREFILE, "NodeHosts", "192.0.2.10 node"))).create();
    }

    @Test
    void configMapEditAppendsTheStubForTheActualClusterIpAndRestoresEveryByte() {
        KubeDnsEditStep step = new KubeDnsEditStep("istio-system", "istiocoredns", ip -> "internal:53 {\n    forward . " + ip + "\n}\n");

        assertThat(step.apply(cluster)).contains("10.96.7.7");
        assertThat(step.check(cluster)).isEmpty();
        assertThat(corefile()).isEqualTo(COREFILE + "\ninternal:53 {\n    forward . 10.96.7.7\n}\n");

        step.undo(cluster);
        assertThat(step.checkUndone(cluster)).isEmpty();
        assertThat(corefile()).isEqualTo(COREFILE);
    }

    @Test
    void theRestoreCheckFailsWhenTheConfigMapDiffersFromTheBackup() {
        KubeDnsEditStep step = new KubeDnsEditStep("istio-system", "istiocoredns", ip -> "internal:53 {\n    forward . " + ip + "\n}\n");
        step.apply(cluster);
        step.undo(cluster);
        ConfigMap changed = client.configMaps().inNamespace("kube-system").withName("coredns").get();
        Map<String, String> data = new HashMap<>(changed.getData());
        data.put("Corefile", COREFILE + "\n");
        changed.setData(data);
        client.resource(changed).update();

        Optional<String> problem = step.checkUndone(cluster);

        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("not byte-identical").contains("key Corefile")
                .contains("character " + COREFILE.length()));
    }

    @Test
    void corednsCustomIsCreatedAndDeletedWhenAbsentAndPatchedAndRestoredWhenPresent() {
        CorednsCustomStep absent = new CorednsCustomStep("coredns-custom", "internal.server", "istio-system", "istiocoredns", ip -> "stub " + ip);
        absent.apply(cluster);
        assertThat(absent.check(cluster)).isEmpty();
        absent.undo(cluster);
        assertThat(absent.checkUndone(cluster)).isEmpty();
        assertThat(client.configMaps().inNamespace("kube-system").withName("coredns-custom").get()).isNull();

        client.resource(configMap("coredns-custom", Map.of("other.server", "keep me\n"))).create();
        CorednsCustomStep present = new CorednsCustomStep("coredns-custom", "internal.server", "istio-system", "istiocoredns", ip -> "stub " + ip);
        present.apply(cluster);
        assertThat(client.configMaps().inNamespace("kube-system").withName("coredns-custom").get().getData())
                .containsEntry("internal.server", "stub 10.96.7.7").containsEntry("other.server", "keep me\n");
        present.undo(cluster);
        assertThat(present.checkUndone(cluster)).isEmpty();
        assertThat(client.configMaps().inNamespace("kube-system").withName("coredns-custom").get().getData())
                .isEqualTo(Map.of("other.server", "keep me\n"));
    }

    @Test
    void aClusterWithoutKubeDnsGetsTheK3sShapedStandInWhichEndsWithTheTwoImports() {
        client.configMaps().inNamespace("kube-system").withName("coredns").delete();
        KubeDnsStandInStep step = new KubeDnsStandInStep();

        step.apply(cluster);

        List<String> lines = corefile().strip().lines().map(String::strip).toList();
        assertThat(lines.subList(lines.size() - 3, lines.size()))
                .containsExactly("import /etc/coredns/custom/*.override", "}", "import /etc/coredns/custom/*.server");
        step.undo(cluster);
        assertThat(step.checkUndone(cluster)).isEmpty();
    }

    private String corefile() {
        return client.configMaps().inNamespace("kube-system").withName("coredns").get().getData().get("Corefile");
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("kube-system").endMetadata().withData(data).build();
    }

    private record MockCluster(KubernetesClient client) implements Cluster {
        @Override
        public String name() {
            return "mock";
        }

        @Override
        public String kind() {
            return "mock";
        }

        @Override
        public Cidr serviceCidr() {
            return Cidr.parse("10.96.0.0/12");
        }

        @Override
        public boolean runsPods() {
            return false;
        }

        @Override
        public boolean runsControllers() {
            return false;
        }

        @Override
        public boolean hasKubeDns() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
