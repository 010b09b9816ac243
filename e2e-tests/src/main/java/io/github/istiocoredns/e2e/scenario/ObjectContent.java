package io.github.istiocoredns.e2e.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/** An object's content without what the server maintains (status, resourceVersion, uid, timestamps, managed fields). */
final class ObjectContent {

    private static final List<String> SERVER_METADATA = List.of("resourceVersion", "uid", "creationTimestamp", "generation",
            "managedFields", "selfLink");

    private ObjectContent() {
    }

    static JsonNode of(HasMetadata object) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(object);
        tree.remove("status");
        JsonNode metadata = tree.get("metadata");
        if (metadata instanceof ObjectNode m) {
            SERVER_METADATA.forEach(m::remove);
        }
        return tree;
    }

    /** A copy fit for create or update: no resourceVersion, uid or status. */
    static <T extends HasMetadata> T stripped(T object) {
        @SuppressWarnings("unchecked")
        T copy = (T) Serialization.clone(object);
        copy.getMetadata().setResourceVersion(null);
        copy.getMetadata().setUid(null);
        copy.getMetadata().setCreationTimestamp(null);
        copy.getMetadata().setManagedFields(null);
        copy.getMetadata().setGeneration(null);
        return copy;
    }
}
