package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Loads Kubernetes manifests into typed fabric8 models (core, apps, RBAC, Istio networking), strictly:
 * an unknown kind, a misspelt or unknown field, a value of the wrong type or one the schema would
 * drop fails the load, with the file, document, line and field path of every problem.
 */
public final class StrictManifestLoader {

    private final Path baseDirectory;
    private final StrictBinding binding;

    /** @param baseDirectory file names in messages are shown relative to this directory */
    public StrictManifestLoader(Path baseDirectory, StrictBinding binding) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
        this.binding = binding;
    }

    public StrictManifestLoader(Path baseDirectory) {
        this(baseDirectory, new StrictBinding());
    }

    public StrictBinding binding() {
        return binding;
    }

    /** Loads all files as one set; fails with the problems of all files together. */
    public ManifestSet load(Collection<Path> files) {
        List<LoadedObject> objects = new ArrayList<>();
        List<ManifestProblem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                objects.addAll(loadFile(file));
            } catch (ManifestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException("Manifests do not load strictly (" + problems.size() + " problems)", problems);
        }
        return new ManifestSet(objects);
    }

    public List<LoadedObject> loadFile(Path file) {
        String source = displayName(file);
        return parse(source, YamlDocumentReader.read(file, source));
    }

    public List<LoadedObject> parse(String source, String text) {
        return parse(source, YamlDocumentReader.read(source, text));
    }

    public String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(baseDirectory) ? baseDirectory.relativize(absolute).toString() : absolute.toString();
    }

    private List<LoadedObject> parse(String source, List<YamlDocument> documents) {
        if (documents.isEmpty()) {
            throw new ManifestException(new ManifestProblem(source, 0, "", null, FieldPath.root(),
                    "the manifest holds no YAML document"));
        }
        List<LoadedObject> objects = new ArrayList<>();
        List<ManifestProblem> problems = new ArrayList<>();
        for (YamlDocument document : documents) {
            HasMetadata object = toObject(document, problems);
            if (object != null) {
                objects.add(new LoadedObject(document, object));
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException("Manifest " + source + " does not load strictly", problems);
        }
        return objects;
    }

    private HasMetadata toObject(YamlDocument document, List<ManifestProblem> problems) {
        JsonNode tree = document.tree();
        if (!tree.isObject()) {
            problems.add(document.problemAt(FieldPath.root(), "a manifest document must be a map, found " + tree.getNodeType()));
            return null;
        }
        String apiVersion = requiredText(document, "apiVersion", problems);
        String kind = requiredText(document, "kind", problems);
        if (apiVersion == null || kind == null) {
            return null;
        }
        Class<? extends KubernetesResource> type = binding.serialization().getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || !HasMetadata.class.isAssignableFrom(type)) {
            problems.add(document.problemAt(FieldPath.root().child("kind"), "no typed model for kind '" + kind
                    + "' in apiVersion '" + apiVersion + "' (misspelt kind or apiVersion, or a kind this suite does not know)"));
            return null;
        }
        HasMetadata object = (HasMetadata) binding.bind(document, FieldPath.root(), tree, type, problems);
        if (object != null && (object.getMetadata() == null || isBlank(object.getMetadata().getName()))) {
            problems.add(document.problemAt(FieldPath.root().child("metadata"), "metadata.name is required"));
            return null;
        }
        return object;
    }

    private static String requiredText(YamlDocument document, String field, List<ManifestProblem> problems) {
        JsonNode value = document.tree().get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(document.problemAt(FieldPath.root().child(field), field + " is required (a non-empty string)"));
            return null;
        }
        return value.asText();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
