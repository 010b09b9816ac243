package io.github.istiocoredns.e2e.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog loads and holds at least the variants issue 3 (point 6) asks for. */
class VariantCatalogTest {

    private static final String ARTICLE_NEW = "manifests/coredns/istiocoredns/article-gt-1.4.0.Corefile";
    private static final String ARTICLE_OLD = "manifests/coredns/istiocoredns/article-lt-1.4.0.Corefile";
    private static final String CORRECTED = "manifests/coredns/istiocoredns/corrected.Corefile";
    private static final String NEWEST = "1.14.7";

    private final VariantCatalog catalog = VariantCatalog.load();

    @Test
    void loadsFromTheClasspathWithUniqueIds() {
        List<String> ids = catalog.variants().stream().map(Variant::id).toList();

        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(ids).allMatch(id -> id.matches("[a-z0-9]+(?:[-.][a-z0-9]+)*"), "kebab-case");
    }

    @Test
    void theArticleAsPublishedRunsOnTheCoreDnsOfBothIstioEras() {
        Predicate<Variant> articleManifests = v -> v.manifests().contains("manifests/article/fruits-api-svc.yaml")
                && v.manifests().contains("manifests/article/fruits-api-se.yml") && v.kubeDns() == KubeDnsMethod.CONFIGMAP_EDIT
                && v.clusterProfile().equals("article-service-range");

        assertThat(find(articleManifests.and(on(ARTICLE_OLD, "1.1.2")))).isNotEmpty();
        assertThat(find(articleManifests.and(on(ARTICLE_NEW, "1.6.2")))).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} on CoreDNS {1}: {2}")
    @CsvSource({
            ARTICLE_NEW + ", 1.4.0, rejected-at-startup",
            ARTICLE_NEW + ", 1.5.0, rejected-at-startup",
            ARTICLE_NEW + ", 1.6.2, rejected-at-startup",
            ARTICLE_NEW + ", " + NEWEST + ", rejected-at-startup",
            ARTICLE_OLD + ", 1.1.2, starts-and-resolves",
            ARTICLE_OLD + ", 1.4.0, starts-and-resolves",
            ARTICLE_OLD + ", 1.5.0, rejected-at-startup",
            ARTICLE_OLD + ", " + NEWEST + ", rejected-at-startup",
            "manifests/coredns/istiocoredns/istio-chart-1.1-1.3.Corefile, 1.1.2, starts-not-resolved",
            "manifests/coredns/istiocoredns/istio-chart-1.4-1.8.Corefile, 1.6.2, starts-not-resolved",
            CORRECTED + ", 1.5.0, starts-and-resolves",
            CORRECTED + ", 1.6.2, starts-and-resolves",
            CORRECTED + ", " + NEWEST + ", starts-and-resolves"})
    void corefileMatrixIsCovered(String corefile, String version, String expectedOutcome) {
        // What the Corefile does with a ServiceEntry the plugin can read (today's schema it cannot: see below).
        List<Variant> variants = find(on(corefile, version).and(v -> v.serviceEntry() != ServiceEntryForm.TODAYS_SCHEMA));

        assertThat(variants).as("variants running %s on CoreDNS %s", corefile, version).isNotEmpty();
        assertThat(variants).extracting(v -> v.expected().corefile().outcome().name().toLowerCase().replace('_', '-'))
                .containsOnly(expectedOutcome);
    }

    @Test
    void theGrpcOnceRuleAndTheMissingPluginsHaveTheirErrorLines() {
        assertThat(find(on(ARTICLE_NEW, "1.5.0")).get(0).expected().corefile().errorLine())
                .isEqualTo("plugin/grpc: this plugin can only be used once per Server Block");
        assertThat(find(on(ARTICLE_NEW, "1.4.0")).get(0).expected().corefile().errorLineFor("/etc/coredns/Corefile"))
                .isEqualTo("/etc/coredns/Corefile:4 - Error during parsing: Unknown directive 'grpc'");
        assertThat(find(on(ARTICLE_OLD, NEWEST)).get(0).expected().corefile().errorLine())
                .endsWith("Error during parsing: Unknown directive 'proxy'");
    }

    @Test
    void aServiceEntryInTodaysSchemaIsNotResolvedThroughTheRetiredPluginEvenWithTheCorrectedCorefile() {
        List<Variant> todays = find(v -> v.serviceEntry() == ServiceEntryForm.TODAYS_SCHEMA);

        assertThat(todays).isNotEmpty().allSatisfy(v -> {
            assertThat(on(CORRECTED, NEWEST).test(v)).isTrue();
            assertThat(v.expected().corefile().outcome()).isEqualTo(CorefileOutcome.STARTS_NOT_RESOLVED);
            assertThat(v.expected().cluster().outcome()).isEqualTo(ClusterOutcome.NOT_RESOLVED);
        });
    }

    @Test
    void bothKubeDnsMethodsAgentDnsAndTheNegativeControlAreCovered() {
        assertThat(find(v -> v.kubeDns() == KubeDnsMethod.CONFIGMAP_EDIT && on(CORRECTED, NEWEST).test(v))).isNotEmpty();
        assertThat(find(v -> v.kubeDns() == KubeDnsMethod.COREDNS_CUSTOM && on(CORRECTED, NEWEST).test(v))).isNotEmpty();
        assertThat(find(v -> v.kubeDnsPickup() == KubeDnsPickup.RELOAD)).isNotEmpty();
        assertThat(find(v -> v.istioDns() == IstioDnsMode.AGENT_DNS_CAPTURE && v.kubeDns() == KubeDnsMethod.NONE
                && v.istiocoredns() == null)).isNotEmpty();
        assertThat(find(v -> v.istioDns() == IstioDnsMode.NONE))
                .allSatisfy(v -> assertThat(v.expected().cluster().outcome()).isEqualTo(ClusterOutcome.NOT_RESOLVED))
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0} ServiceEntry under {1}")
    @CsvSource({"VERBATIM, ALLOW_ANY", "VERBATIM, REGISTRY_ONLY", "WITH_PORTS, ALLOW_ANY", "WITH_PORTS, REGISTRY_ONLY"})
    void serviceEntryFormTimesOutboundPolicyIsCovered(ServiceEntryForm form, OutboundPolicy policy) {
        assertThat(find(v -> v.serviceEntry() == form && v.outboundPolicy() == policy
                && v.istioDns() == IstioDnsMode.ISTIOCOREDNS && on(CORRECTED, NEWEST).test(v))).isNotEmpty();
    }

    @Test
    void theServiceRangeCaseIsCoveredBothWays() {
        assertThat(find(v -> v.clusterProfile().equals("k3s-default-service-range") && v.fruitsClusterIp() == null))
                .allSatisfy(v -> assertThat(v.expected().apiserver().outcome()).isEqualTo(ApiServerOutcome.REJECTED)).isNotEmpty();
        assertThat(find(v -> v.clusterProfile().equals("k3s-default-service-range") && v.fruitsClusterIp() != null))
                .allSatisfy(v -> assertThat(v.expected().apiserver().outcome()).isEqualTo(ApiServerOutcome.APPLIES)).isNotEmpty();
    }

    @Test
    void platformPinsOneVersionOfEach() {
        assertThat(catalog.platform().k3s().image()).startsWith("rancher/k3s:v1.");
        assertThat(catalog.platform().istio().version()).matches("1\\.\\d+\\.\\d+");
        assertThat(TestProject.file(catalog.platform().istio().istiodValues())).isRegularFile();
        assertThat(catalog.platform().kubeDns().image()).contains("coredns");
    }

    private Predicate<Variant> on(String corefile, String version) {
        return v -> v.istiocoredns() != null && v.istiocoredns().corefile().equals(corefile)
                && v.istiocoredns().corednsVersion().equals(version);
    }

    private List<Variant> find(Predicate<Variant> predicate) {
        return catalog.variants().stream().filter(predicate).toList();
    }
}
