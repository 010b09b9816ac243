package io.github.istiocoredns.e2e.manifests;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.Sidecar;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The specs of Istio networking objects whatever their served version (v1alpha3, v1beta1, v1 share
 * one spec model), so that checks do not silently skip an object written in another version.
 */
public final class IstioObjects {

    private IstioObjects() {
    }

    public static Optional<ServiceEntry> serviceEntry(HasMetadata object) {
        if (object instanceof io.fabric8.istio.api.networking.v1alpha3.ServiceEntry entry) {
            return Optional.ofNullable(entry.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1beta1.ServiceEntry entry) {
            return Optional.ofNullable(entry.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1.ServiceEntry entry) {
            return Optional.ofNullable(entry.getSpec());
        }
        return Optional.empty();
    }

    public static Optional<VirtualService> virtualService(HasMetadata object) {
        if (object instanceof io.fabric8.istio.api.networking.v1alpha3.VirtualService service) {
            return Optional.ofNullable(service.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1beta1.VirtualService service) {
            return Optional.ofNullable(service.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1.VirtualService service) {
            return Optional.ofNullable(service.getSpec());
        }
        return Optional.empty();
    }

    public static Optional<Sidecar> sidecar(HasMetadata object) {
        if (object instanceof io.fabric8.istio.api.networking.v1alpha3.Sidecar sidecar) {
            return Optional.ofNullable(sidecar.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1beta1.Sidecar sidecar) {
            return Optional.ofNullable(sidecar.getSpec());
        }
        if (object instanceof io.fabric8.istio.api.networking.v1.Sidecar sidecar) {
            return Optional.ofNullable(sidecar.getSpec());
        }
        return Optional.empty();
    }

    public static Stream<LoadedObject> serviceEntries(ManifestSet set) {
        return set.objects().stream().filter(o -> serviceEntry(o.object()).isPresent());
    }

    public static Stream<LoadedObject> virtualServices(ManifestSet set) {
        return set.objects().stream().filter(o -> virtualService(o.object()).isPresent());
    }

    public static Stream<LoadedObject> sidecars(ManifestSet set) {
        return set.objects().stream().filter(o -> sidecar(o.object()).isPresent());
    }
}
