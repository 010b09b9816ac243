package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a (multi-document) YAML file into trees that remember where each field was written, so that
 * every later complaint about a field can name its line. Malformed YAML and duplicate keys are
 * reported with file, document and line instead of a parser stack trace.
 */
public final class YamlDocumentReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private YamlDocumentReader() {
    }

    public static List<YamlDocument> read(Path file, String source) {
        try {
            return read(source, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file that must hold exactly one YAML document (a values file, a list of changes). */
    public static YamlDocument readSingle(Path file, String source) {
        List<YamlDocument> documents = read(file, source);
        if (documents.size() != 1) {
            throw new ManifestException(new ManifestProblem(source, 0, "", null, FieldPath.root(),
                    "expected exactly one YAML document, found " + documents.size()));
        }
        return documents.get(0);
    }

    public static List<YamlDocument> read(String source, String text) {
        List<YamlDocument> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                Map<FieldPath, SourceLocation> locations = new HashMap<>();
                locations.put(FieldPath.root(), locationOf(parser.currentTokenLocation()));
                JsonNode tree = readValue(parser, FieldPath.root(), locations, source, documents.size() + 1);
                // An empty document (a lone "---", or only comments) reads as null or as an empty scalar.
                boolean empty = tree.isNull() || (tree.isTextual() && tree.asText().isEmpty());
                if (!empty) {
                    documents.add(new YamlDocument(source, documents.size() + 1, tree, locations));
                }
            }
        } catch (MalformedYaml e) {
            throw new ManifestException("Malformed YAML in " + source, List.of(e.problem));
        } catch (JsonProcessingException e) {
            throw new ManifestException("Malformed YAML in " + source, List.of(new ManifestProblem(
                    source, documents.size() + 1, "", locationOf(e.getLocation()), FieldPath.root(),
                    "malformed YAML: " + describe(e))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        return documents;
    }

    private static JsonNode readValue(
            JsonParser parser, FieldPath path, Map<FieldPath, SourceLocation> locations, String source, int document)
            throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readObject(parser, path, locations, source, document);
            case START_ARRAY:
                return readArray(parser, path, locations, source, document);
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.INT ? NODES.numberNode(parser.getIntValue())
                        : parser.getNumberType() == JsonParser.NumberType.LONG ? NODES.numberNode(parser.getLongValue())
                        : NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new MalformedYaml(new ManifestProblem(source, document, "", locationOf(parser.currentTokenLocation()),
                        path, "unsupported YAML value (" + token + ")"));
        }
    }

    private static ObjectNode readObject(
            JsonParser parser, FieldPath path, Map<FieldPath, SourceLocation> locations, String source, int document)
            throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            FieldPath field = path.child(name);
            SourceLocation location = locationOf(parser.currentTokenLocation());
            if (object.has(name)) {
                throw new MalformedYaml(new ManifestProblem(source, document, "", location, field,
                        "duplicate key '" + name + "' (first written at " + locations.get(field) + ")"));
            }
            locations.put(field, location);
            parser.nextToken();
            object.set(name, readValue(parser, field, locations, source, document));
        }
        return object;
    }

    private static ArrayNode readArray(
            JsonParser parser, FieldPath path, Map<FieldPath, SourceLocation> locations, String source, int document)
            throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            FieldPath element = path.index(array.size());
            locations.put(element, locationOf(parser.currentTokenLocation()));
            array.add(readValue(parser, element, locations, source, document));
        }
        return array;
    }

    private static SourceLocation locationOf(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null
                : new SourceLocation(location.getLineNr(), location.getColumnNr());
    }

    /** SnakeYAML explains a syntax error over several lines; keep the ones that say what is wrong. */
    private static String describe(JsonProcessingException e) {
        List<String> kept = new ArrayList<>();
        for (String line : e.getOriginalMessage().split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("in '") && !trimmed.startsWith("^") && line.equals(line.stripLeading())) {
                kept.add(trimmed);
            }
        }
        return kept.isEmpty() ? e.getOriginalMessage() : String.join("; ", kept);
    }

    /** Carries a located problem out of the recursive descent. */
    private static final class MalformedYaml extends RuntimeException {
        private final transient ManifestProblem problem;

        MalformedYaml(ManifestProblem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }
}
