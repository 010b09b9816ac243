package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** Steps outside a variant's scenario, for checks that apply single objects (a tier's measured facts). */
public final class Steps {

    private Steps() {
    }

    /** Ensures a namespace (created ones are deleted on undo). */
    public static Step namespace(String name, Map<String, String> labels) {
        return new NamespaceStep(name, labels);
    }

    /** Creates or replaces one object (created ones are deleted on undo, replaced ones restored). */
    public static Step object(HasMetadata object, String detail) {
        return new ObjectStep(object, detail);
    }
}
