package io.github.istiocoredns.e2e.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import org.junit.jupiter.api.Test;

class FruitsApiStandInTest {

    private static final VariantCatalog CATALOG = VariantCatalog.load();
    private static final VariantSetup SETUP = new VariantSetup(CATALOG);
    private static final FruitsApiStandIn STAND_IN = new FruitsApiStandIn("istiosuccinctly/fruits-api:1.0.0",
            "localhost/istiocoredns/fruits-api:0.1.0-SNAPSHOT", "no such host");

    @Test
    void theArticlesManifestsRunOursInPlaceOfTheUnpullableImageAndNothingElseChanges() {
        ManifestSet article = SETUP.manifests(CATALOG.variant("article-as-published-coredns-1.1.2"));

        ManifestSet adapted = STAND_IN.adapt(article, SETUP.loader().binding());

        assertThat(STAND_IN.appliesTo(article)).isTrue();
        assertThat(images(adapted)).contains("localhost/istiocoredns/fruits-api:0.1.0-SNAPSHOT").doesNotContain("istiosuccinctly/fruits-api:1.0.0");
        assertThat(images(article)).as("the original set is left as it was").contains("istiosuccinctly/fruits-api:1.0.0");
        assertThat(adapted.refs()).isEqualTo(article.refs());
        assertThat(STAND_IN.note()).contains("stood in for the article's istiosuccinctly/fruits-api:1.0.0").contains("no such host");
    }

    @Test
    void aVariantWithOurOwnManifestsIsLeftAlone() {
        ManifestSet ours = SETUP.manifests(CATALOG.variant("corrected-corefile-coredns-custom"));

        assertThat(STAND_IN.appliesTo(ours)).isFalse();
        assertThat(STAND_IN.adapt(ours, SETUP.loader().binding())).isSameAs(ours);
    }

    private static java.util.List<String> images(ManifestSet set) {
        return set.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).map(c -> c.getImage()).toList();
    }
}
