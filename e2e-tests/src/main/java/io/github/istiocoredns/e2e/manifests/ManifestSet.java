package io.github.istiocoredns.e2e.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The objects of one or more manifest files, as applied together (one variant's setup, for example). */
public record ManifestSet(List<LoadedObject> objects) {

    public ManifestSet {
        objects = List.copyOf(objects);
    }

    public <T extends HasMetadata> Stream<T> all(Class<T> type) {
        return objects.stream().map(LoadedObject::object).filter(type::isInstance).map(type::cast);
    }

    public <T extends HasMetadata> Stream<LoadedObject> loaded(Class<T> type) {
        return objects.stream().filter(o -> type.isInstance(o.object()));
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace)
                && Objects.equals(o.getMetadata().getName(), name)).findFirst();
    }

    public LoadedObject loadedOf(HasMetadata object) {
        return objects.stream().filter(o -> o.object() == object).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(LoadedObject.refOf(object) + " is not in this set"));
    }

    public List<String> refs() {
        return objects.stream().map(LoadedObject::ref).collect(Collectors.toList());
    }

    /** A copy in which every object is replaced by {@code change} applied to a deep copy of it. */
    public ManifestSet map(UnaryOperator<HasMetadata> change, StrictBinding binding) {
        return new ManifestSet(objects.stream()
                .map(o -> o.withObject(change.apply(binding.serialization().clone(o.object()))))
                .collect(Collectors.toList()));
    }

    public ManifestSet plus(ManifestSet other) {
        return new ManifestSet(Stream.concat(objects.stream(), other.objects.stream()).collect(Collectors.toList()));
    }
}
