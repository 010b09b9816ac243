package io.github.istiocoredns.e2e.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.istiocoredns.e2e.dns.CorefileTemplate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fills the ${NAME} placeholders that ConfigMap values may carry (coredns-custom.yaml's stub block
 * needs the istiocoredns clusterIP, known only once that Service exists).
 */
public final class ConfigMapPlaceholders {

    private ConfigMapPlaceholders() {
    }

    public static Set<String> in(ManifestSet set) {
        Set<String> names = new LinkedHashSet<>();
        set.all(ConfigMap.class).forEach(c -> c.getData().values()
                .forEach(value -> names.addAll(new CorefileTemplate("", value).placeholders())));
        return names;
    }

    /** Renders every placeholder; fails if one has no value or a value matches no placeholder. */
    public static ManifestSet render(ManifestSet set, Map<String, String> values, StrictBinding binding) {
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        unused.removeAll(in(set));
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("No ConfigMap in " + set.refs() + " has the placeholders " + unused);
        }
        return set.map(object -> {
            if (object instanceof ConfigMap configMap) {
                Map<String, String> data = new HashMap<>();
                configMap.getData().forEach((key, value) -> {
                    CorefileTemplate template = new CorefileTemplate(LoadedObject.refOf(configMap) + " key " + key, value);
                    Map<String, String> own = new HashMap<>(values);
                    own.keySet().retainAll(template.placeholders());
                    data.put(key, template.render(own));
                });
                configMap.setData(data);
            }
            return object;
        }, binding);
    }
}
