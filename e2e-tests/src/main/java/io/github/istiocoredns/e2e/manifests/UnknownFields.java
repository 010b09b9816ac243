package io.github.istiocoredns.e2e.manifests;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields a typed model did not recognise. fabric8 models do not fail on unknown fields:
 * they keep them in {@code additionalProperties}. A misspelt field (imagePullPolisy) would thus be
 * dropped silently by the API server; this walk turns each one into a named path.
 */
public final class UnknownFields {

    private final ObjectMapper mapper;

    public UnknownFields(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<FieldPath> in(Object model) {
        List<FieldPath> found = new ArrayList<>();
        walk(model, FieldPath.root(), found);
        return found;
    }

    private void walk(Object value, FieldPath path, List<FieldPath> found) {
        if (value == null || isScalar(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path.child(String.valueOf(key)), found));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path.index(i), found);
            }
        } else if (!value.getClass().getName().startsWith("java.")) {
            walkBean(value, path, found);
        }
    }

    private void walkBean(Object bean, FieldPath path, List<FieldPath> found) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(bean.getClass()));
        AnnotatedMember anyGetter = description.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(bean) instanceof Map<?, ?> extra) {
            extra.keySet().forEach(name -> found.add(path.child(String.valueOf(name))));
        }
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && !accessor.equals(anyGetter)) {
                walk(accessor.getValue(bean), path.child(property.getName()), found);
            }
        }
    }

    private static boolean isScalar(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof Character || value instanceof Temporal;
    }
}
