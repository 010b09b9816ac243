package io.github.istiocoredns.e2e.catalog;

import io.github.istiocoredns.e2e.manifests.FieldPath;
import io.github.istiocoredns.e2e.manifests.ManifestException;
import io.github.istiocoredns.e2e.manifests.ManifestProblem;
import io.github.istiocoredns.e2e.manifests.StrictBinding;
import io.github.istiocoredns.e2e.manifests.YamlDocument;
import io.github.istiocoredns.e2e.manifests.YamlDocumentReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The variant catalog: every way of setting up the technique, with the outcome each tier expects.
 * It is data (catalog/variants.yaml on the classpath); loading validates it completely, and a
 * problem is reported with the file, line, column and field, never as a bare stack trace.
 */
public final class VariantCatalog {

    public static final String RESOURCE = "catalog/variants.yaml";
    /** Where the resource lives in the source tree, for messages and for people editing it. */
    public static final String SOURCE = "e2e-tests/src/main/resources/" + RESOURCE;

    private final Path projectRoot;
    private final CatalogData data;

    private VariantCatalog(Path projectRoot, CatalogData data) {
        this.projectRoot = projectRoot;
        this.data = data;
    }

    /** Loads the catalog from the classpath, resolving its files against the project root. */
    public static VariantCatalog load() {
        return load(ProjectRoot.locate());
    }

    public static VariantCatalog load(Path projectRoot) {
        try (InputStream in = VariantCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The classpath holds no " + RESOURCE + " (expected from " + SOURCE + ")");
            }
            return parse(SOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8), projectRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE, e);
        }
    }

    /** Parses and validates catalog text; {@code source} names it in messages. */
    public static VariantCatalog parse(String source, String text, Path projectRoot) {
        YamlDocument document;
        CatalogData data;
        try {
            List<YamlDocument> documents = YamlDocumentReader.read(source, text);
            if (documents.size() != 1) {
                throw new CatalogException(source, List.of(new ManifestProblem(source, 0, "", null,
                        FieldPath.root(),
                        "the catalog is one YAML document, found " + documents.size())));
            }
            document = documents.get(0);
            data = new StrictBinding().bind(document, CatalogData.class);
        } catch (CatalogException e) {
            throw e;
        } catch (ManifestException e) {
            throw new CatalogException(source, e.problems());
        }
        List<ManifestProblem> problems = CatalogValidator.validate(document, data, projectRoot.toAbsolutePath().normalize());
        if (!problems.isEmpty()) {
            throw new CatalogException(source, problems);
        }
        return new VariantCatalog(projectRoot.toAbsolutePath().normalize(), data);
    }

    public List<Variant> variants() {
        return data.variants();
    }

    public Variant variant(String id) {
        return data.variants().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No variant '" + id + "' in " + SOURCE + "; ids: "
                        + data.variants().stream().map(Variant::id).collect(Collectors.joining(", "))));
    }

    public Platform platform() {
        return data.platform();
    }

    public List<ClusterProfile> clusterProfiles() {
        return data.clusterProfiles();
    }

    public ClusterProfile clusterProfile(String id) {
        return data.clusterProfiles().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No cluster profile '" + id + "' in " + SOURCE));
    }

    public ClusterProfile clusterProfileOf(Variant variant) {
        return clusterProfile(variant.clusterProfile());
    }

    public Path projectRoot() {
        return projectRoot;
    }

    /** A catalog path (relative to the project root) as a file. */
    public Path resolve(String relativePath) {
        return projectRoot.resolve(relativePath);
    }
}
