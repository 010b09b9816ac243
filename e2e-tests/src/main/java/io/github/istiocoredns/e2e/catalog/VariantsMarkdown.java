package io.github.istiocoredns.e2e.catalog;

import java.nio.file.Path;

/**
 * The README's "Variants" section, printed from the catalog so that the two cannot disagree: a
 * table with one row per variant and its expected outcome per tier (hypotheses marked).
 */
public final class VariantsMarkdown {

    public static final String BEGIN = "<!-- variants:begin -->";
    public static final String END = "<!-- variants:end -->";
    /** Installs the parent and fruits-api first: the e2e-tests module resolves fruits-api's test jar from the local repository. */
    public static final String REGENERATE = "./mvnw -q -pl fruits-api -am install -DskipTests && ./mvnw -q -pl e2e-tests compile exec:java -Dexec.args=--update";
    private static final String HYPOTHESIS = " †";

    private VariantsMarkdown() {
    }

    /** The section including its markers, as it must appear in README.md. */
    public static String section(VariantCatalog catalog) {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("Generated from the variant catalog (`").append(VariantCatalog.SOURCE).append("`) by `")
                .append(REGENERATE).append("`;\na unit test fails when this section and the catalog disagree. ")
                .append(catalog.variants().size()).append(" variants. † marks an expected outcome that is still a hypothesis\n")
                .append("(read from sources, not yet observed by that tier).\n\n");
        Platform platform = catalog.platform();
        md.append("Pinned: k3s `").append(platform.k3s().image()).append("`, Istio ").append(platform.istio().version())
                .append(" (Helm values `").append(platform.istio().istiodValues()).append("`), kube-dns CoreDNS `")
                .append(platform.kubeDns().image()).append("` (as k3s ships it).\n\n");
        md.append("| Variant | Demonstrates | istiocoredns Corefile @ CoreDNS | kube-dns | Names served by | ServiceEntry | Outbound policy")
                .append(" | Expected: corefile tier | Expected: API-server tier | Expected: cluster tier |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Variant v : catalog.variants()) {
            md.append("| `").append(v.id()).append("` | ").append(cell(v.demonstrates()))
                    .append(" | ").append(istiocoredns(v))
                    .append(" | ").append(kubeDns(v))
                    .append(" | ").append(name(v.istioDns()))
                    .append(" | ").append(name(v.serviceEntry()))
                    .append(" | ").append(v.outboundPolicy().name())
                    .append(" | ").append(outcome(name(v.expected().corefile().outcome()), v.expected().corefile().basis()))
                    .append(" | ").append(outcome(name(v.expected().apiserver().outcome()), v.expected().apiserver().basis()))
                    .append(" | ").append(outcome(name(v.expected().cluster().outcome()), v.expected().cluster().basis()))
                    .append(" |\n");
        }
        return md.append(END).toString();
    }

    private static String istiocoredns(Variant v) {
        if (v.istiocoredns() == null) {
            return "—";
        }
        String file = Path.of(v.istiocoredns().corefile()).getFileName().toString().replace(".Corefile", "");
        return "`" + file + "` @ " + v.istiocoredns().corednsVersion();
    }

    private static String kubeDns(Variant v) {
        String method = name(v.kubeDns());
        return v.kubeDnsPickup() == KubeDnsPickup.RELOAD ? method + " (reload)" : method;
    }

    private static String outcome(String outcome, Basis basis) {
        return outcome + (basis == Basis.HYPOTHESIS ? HYPOTHESIS : "");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
