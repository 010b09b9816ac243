package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Binds YAML trees to typed models (fabric8 Kubernetes and Istio models, or our own records) the way
 * the API server reads JSON: no unknown fields, no silent type coercion ("1" is not 1, 1 is not "1"),
 * no value the model would drop. Every failure becomes a located, named {@link ManifestProblem}.
 */
public final class StrictBinding {

    private final ObjectMapper mapper = new ObjectMapper();
    private final KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    private final UnknownFields unknownFields = new UnknownFields(mapper);

    public StrictBinding() {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // fabric8's Go-compatibility deserializer reads "1" as 1; the API server does not. Modules
        // registered later take precedence.
        mapper.registerModule(new SimpleModule("strict-integers").addDeserializer(Integer.class, new StrictInteger()));
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public KubernetesSerialization serialization() {
        return serialization;
    }

    /**
     * Binds {@code node} (found at {@code at} in {@code document}) to {@code type}; on failure adds the
     * problems to {@code problems} and returns null.
     */
    public <T> T bind(YamlDocument document, FieldPath at, JsonNode node, Class<T> type, List<ManifestProblem> problems) {
        T model;
        try {
            model = mapper.treeToValue(node, type);
        } catch (JsonMappingException e) {
            FieldPath field = FieldPath.of(e);
            problems.add(document.problemAt(at.resolve(field), describe(e, node.at(field.toPointer()))));
            return null;
        } catch (IOException e) {
            problems.add(document.problemAt(at, e.getMessage()));
            return null;
        }
        List<ManifestProblem> strictness = strictnessProblems(document, at, node, model);
        problems.addAll(strictness);
        return strictness.isEmpty() ? model : null;
    }

    /** Binds a whole document, throwing with every problem found. */
    public <T> T bind(YamlDocument document, Class<T> type) {
        List<ManifestProblem> problems = new ArrayList<>();
        T model = bind(document, FieldPath.root(), document.tree(), type, problems);
        if (!problems.isEmpty()) {
            throw new ManifestException(document.source() + " does not match its schema", problems);
        }
        return model;
    }

    private List<ManifestProblem> strictnessProblems(YamlDocument document, FieldPath at, JsonNode source, Object model) {
        List<ManifestProblem> problems = new ArrayList<>();
        List<FieldPath> unknown = unknownFields.in(model);
        for (FieldPath field : unknown) {
            problems.add(document.problemAt(at.resolve(field),
                    "unknown field '" + field.lastName() + "' (not in the schema of " + describeType(model) + ")"));
        }
        for (TreeDifference difference : TreeDiff.between(source, mapper.valueToTree(model))) {
            if (unknown.stream().noneMatch(difference.path()::startsWith)) {
                problems.add(document.problemAt(at.resolve(difference.path()), describeRoundTrip(difference)));
            }
        }
        return problems;
    }

    private static String describeType(Object model) {
        if (model instanceof HasMetadata object) {
            return object.getApiVersion() + " " + object.getKind();
        }
        return model.getClass().getSimpleName();
    }

    private static String describeRoundTrip(TreeDifference difference) {
        if (difference.isRemoval()) {
            return "value " + difference.before() + " is not valid here and would be dropped (not one of the schema's values?)";
        }
        if (difference.isAddition()) {
            return "the schema adds " + difference.after() + ", which the file does not say";
        }
        return "value " + difference.before() + " is a " + kind(difference.before()) + " but the schema wants a "
                + kind(difference.after()) + " (it would be read as " + difference.after() + ")";
    }

    private static String kind(JsonNode node) {
        return node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "boolean"
                : node.isArray() ? "list" : node.isObject() ? "map" : "null";
    }

    /**
     * What is wrong, in the file's terms: a scalar of the wrong type is named with its value and what
     * to write instead; other failures keep Jackson's message without Java package names.
     */
    public static String describe(JsonMappingException e, JsonNode sourceValue) {
        boolean wrongScalar = e.getOriginalMessage().startsWith("Cannot coerce")
                || e.getOriginalMessage().startsWith("expected an integer");
        if (wrongScalar && sourceValue != null && sourceValue.isValueNode()) {
            String target = targetName(e);
            return "value " + sourceValue + " is a " + kind(sourceValue) + " but the schema wants a " + target
                    + (sourceValue.isTextual() ? " (unquote it)" : target.equals("string") ? " (quote it: \"" + sourceValue.asText() + "\")" : "");
        }
        return describe(e);
    }

    private static String targetName(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == null) {
            return "value of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        return type.getSimpleName();
    }

    /** Jackson's message, without Java package names and parser positions. */
    public static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : "; known fields: " + known);
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "invalid value '" + invalid.getValue() + "'; expected one of: " + enumValues(invalid.getTargetType());
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        String firstLine = e.getOriginalMessage().split("\\R", 2)[0];
        return firstLine.replaceAll("`(?:[\\w$]+\\.)+([\\w$]+)`", "$1");
    }

    private static String enumValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(constant -> {
            try {
                JsonProperty name = type.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
                return name != null ? name.value() : ((Enum<?>) constant).name();
            } catch (NoSuchFieldException impossible) {
                return ((Enum<?>) constant).name();
            }
        }).collect(Collectors.joining(", "));
    }

    /** Integers as JSON has them: a number token, never a string. */
    private static final class StrictInteger extends StdDeserializer<Integer> {
        StrictInteger() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Integer) context.handleUnexpectedToken(Integer.class, parser.currentToken(), parser,
                        "expected an integer, found %s", parser.getText());
            }
            return parser.getIntValue();
        }
    }
}
