package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrossObjectChecksTest {

    private static final Cidr ARTICLE_RANGE = Cidr.parse("10.96.0.0/12");

    private final StrictManifestLoader loader = new StrictManifestLoader(TestProject.resource("inconsistent").getParent());
    private final CrossObjectChecks checks = new CrossObjectChecks(ARTICLE_RANGE, loader.binding());

    static Stream<Arguments> inconsistentFixtures() {
        return Stream.of(
                Arguments.of("selector-mismatch.yaml", List.of("Deployment/micro-shake-factory/fruits-api-deployment-v1",
                        "field spec.selector.matchLabels", "selector {app=fruits-api} does not match the pod template's labels {app=fruit-api}")),
                Arguments.of("target-port-name.yaml", List.of("Service/micro-shake-factory/fruits-api-service", "field spec.ports[0].targetPort",
                        "targetPort 'http-fruit-api' names no container port (container ports: [http-fruits-api])")),
                Arguments.of("service-entry-address.yaml", List.of("ServiceEntry/micro-shake-factory/exotic-fruits-service-entry",
                        "field spec.addresses", "addresses [10.103.1.2] do not contain the clusterIP 10.103.1.1 of the endpoint Service fruits-api-service")),
                Arguments.of("virtual-service-host.yaml", List.of("field spec.hosts[0]", "host 'fruits-api-svc' is neither a Service",
                        "field spec.http[0].route[0].destination.host")),
                Arguments.of("no-injection-label.yaml", List.of("field metadata.namespace",
                        "namespace micro-shake-factory, which lacks the label istio-injection: enabled")),
                Arguments.of("rbac-too-wide.yaml", List.of("ClusterRole/istiocoredns", "field rules[0].resources",
                        "grants resources [*]; the plugin needs only [serviceentries]", "field rules[0].verbs",
                        "ClusterRoleBinding/istiocoredns", "ServiceAccount istio-system/istiocoredns-service-account is not declared")),
                Arguments.of("bad-proxy-config.yaml", List.of("field spec.template.metadata.annotations['proxy.istio.io/config']",
                        "inside the annotation, field proxyMetadata.ISTIO_META_DNS_CAPTURE: value true is a boolean but the schema wants a string")),
                Arguments.of("missing-configmap-key.yaml", List.of("Deployment/istio-system/istiocoredns",
                        "field spec.template.spec.volumes[0].configMap.items[0].key", "ConfigMap coredns has no key Corefile")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistentFixtures")
    void inconsistentFixtureFailsWithAClearMessage(String fixture, List<String> expectedFragments) {
        ManifestSet set = loader.load(List.of(TestProject.resource("inconsistent/" + fixture)));

        String problems = checks.check(set).stream().map(ManifestProblem::toString).collect(Collectors.joining("\n"));

        assertThat(problems).as("problems found in inconsistent/%s", fixture).contains("inconsistent/" + fixture + ", document ");
        assertThat(problems).contains(expectedFragments);
        assertThat(problems).containsPattern("line \\d+, column \\d+");
    }

    @Test
    void ourFruitsApiManifestsAreConsistent() {
        ManifestSet set = new StrictManifestLoader(TestProject.root()).load(List.of(
                TestProject.file("manifests/fruits-api/fruits-api-svc.yaml"),
                TestProject.file("manifests/fruits-api/fruits-api-se-with-ports.yaml")));

        assertThat(checks.check(set)).isEmpty();
    }

    @Test
    void theArticlesClusterIpIsOutsideK3sDefaultServiceRange() {
        ManifestSet set = new StrictManifestLoader(TestProject.root()).load(List.of(
                TestProject.file("manifests/article/fruits-api-svc.yaml")));

        List<ManifestProblem> problems = new CrossObjectChecks(Cidr.parse("10.43.0.0/16"), loader.binding()).check(set);

        assertThat(problems).singleElement().asString()
                .contains("manifests/article/fruits-api-svc.yaml, document 3 (Service/micro-shake-factory/fruits-api-service)")
                .contains("field spec.clusterIP")
                .contains("clusterIP 10.103.1.1 is outside the cluster's service range 10.43.0.0/16");
    }

    @Test
    void aServiceEntryPortThatTheEndpointServiceLacksIsReported() {
        ManifestSet set = new StrictManifestLoader(TestProject.root()).load(List.of(
                TestProject.file("manifests/fruits-api/fruits-api-svc.yaml"),
                TestProject.file("manifests/fruits-api/fruits-api-se-with-ports.yaml")));
        ManifestSet wrongPort = set.map(object -> {
            IstioObjects.serviceEntry(object).ifPresent(entry -> entry.getPorts().get(0).setNumber(8080L));
            return object;
        }, loader.binding());

        assertThat(checks.check(wrongPort)).singleElement().asString()
                .contains("field spec.ports[0]", "port 8080 is not a port of the endpoint Service fruits-api-service");
    }
}
