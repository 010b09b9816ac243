package io.github.istiocoredns.e2e.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.TestProject;
import org.junit.jupiter.api.Test;

/** README.md's "Variants" section is the one printed from the catalog. */
class VariantsReadmeSectionTest {

    private final VariantCatalog catalog = VariantCatalog.load();
    private final String section = VariantsMarkdown.section(catalog);

    @Test
    void readmeVariantsSectionMatchesTheCatalog() {
        String readme = TestProject.read("README.md");

        assertThat(VariantsReadmeSection.current(readme, "README.md"))
                .as("README.md's variants section is out of date with " + VariantCatalog.SOURCE
                        + "; regenerate it with: " + VariantsMarkdown.REGENERATE)
                .isEqualTo(section);
    }

    @Test
    void sectionHasOneRowPerVariantWithItsExpectedOutcomes() {
        assertThat(section).startsWith(VariantsMarkdown.BEGIN).endsWith(VariantsMarkdown.END);
        for (Variant variant : catalog.variants()) {
            assertThat(section).containsOnlyOnce("| `" + variant.id() + "` |");
        }
        // The dagger follows each expectation's basis: the corefile tier's was observed, the cluster tier's not yet.
        Variant rejected = catalog.variant("article-as-published-coredns-1.6.2");
        String corefileCell = "rejected-at-startup" + (rejected.expected().corefile().basis() == Basis.HYPOTHESIS ? " †" : "") + " |";
        String clusterCell = "istiocoredns-crashloop" + (rejected.expected().cluster().basis() == Basis.HYPOTHESIS ? " †" : "") + " |";
        String row = section.lines().filter(line -> line.startsWith("| `" + rejected.id() + "` |")).findFirst().orElseThrow();
        assertThat(row).contains(" " + corefileCell + " ", " " + clusterCell);
    }

    @Test
    void updateReplacesOnlyTheSection() {
        String readme = "# Title\n\n## Variants\n\n" + VariantsMarkdown.BEGIN + "\nold\n" + VariantsMarkdown.END + "\n\n## Next\n";

        String updated = VariantsReadmeSection.replace(readme, section, "README.md");

        assertThat(updated).startsWith("# Title\n\n## Variants\n\n" + section).endsWith(section + "\n\n## Next\n");
    }

    @Test
    void aReadmeWithoutMarkersGetsAnInstruction() {
        assertThatThrownBy(() -> VariantsReadmeSection.current("# Title\n", "README.md"))
                .hasMessageContaining("README.md has no variants section")
                .hasMessageContaining(VariantsMarkdown.REGENERATE);
    }
}
