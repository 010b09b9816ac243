package io.github.istiocoredns.e2e.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the two things a variant changes in the istiocoredns add-on: the image of its CoreDNS
 * container and the Corefile that container reads. The Corefile's ConfigMap is found the way the
 * pod finds it (the volume mounted where {@code -conf} points), so no object name is assumed.
 */
public final class IstiocorednsRenderer {

    /** The container of manifests/istiocoredns/istiocoredns.yaml that runs CoreDNS. */
    public static final String COREDNS_CONTAINER = "coredns";

    private IstiocorednsRenderer() {
    }

    public static ManifestSet render(ManifestSet set, String corefile, String corednsImage, StrictBinding binding) {
        Deployment deployment = deployment(set);
        String configMapName = configMapName(deployment);
        String key = corefilePath(deployment).substring(mountPath(deployment).length() + 1);
        String namespace = deployment.getMetadata().getNamespace();
        return set.map(object -> {
            if (object instanceof Deployment d && sameObject(d, deployment)) {
                container(d).setImage(corednsImage);
            } else if (object instanceof ConfigMap c && namespace.equals(c.getMetadata().getNamespace())
                    && configMapName.equals(c.getMetadata().getName())) {
                Map<String, String> data = new HashMap<>(c.getData());
                data.put(keyFor(deployment, key), corefile);
                c.setData(data);
            }
            return object;
        }, binding);
    }

    /** The path CoreDNS reads its Corefile from (the argument after -conf). */
    public static String corefilePath(Deployment deployment) {
        List<String> args = container(deployment).getArgs();
        int conf = args.indexOf("-conf");
        if (conf < 0 || conf + 1 >= args.size()) {
            throw new IllegalArgumentException("The " + COREDNS_CONTAINER + " container has no -conf argument: " + args);
        }
        return args.get(conf + 1);
    }

    public static Deployment deployment(ManifestSet set) {
        List<Deployment> candidates = set.all(Deployment.class)
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> COREDNS_CONTAINER.equals(c.getName())))
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("Expected one Deployment with a container named '" + COREDNS_CONTAINER
                    + "', found " + candidates.stream().map(LoadedObject::refOf).toList());
        }
        return candidates.get(0);
    }

    public static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> COREDNS_CONTAINER.equals(c.getName())).findFirst().orElseThrow();
    }

    /** The Corefile the add-on's ConfigMap holds. */
    public static String corefile(ManifestSet set) {
        Deployment deployment = deployment(set);
        String key = corefilePath(deployment).substring(mountPath(deployment).length() + 1);
        ConfigMap configMap = set.find(ConfigMap.class, deployment.getMetadata().getNamespace(), configMapName(deployment))
                .orElseThrow(() -> new IllegalArgumentException("The ConfigMap mounted by istiocoredns is not in the set"));
        return configMap.getData().get(keyFor(deployment, key));
    }

    private static String keyFor(Deployment deployment, String fileName) {
        return configVolume(deployment).getConfigMap().getItems().stream()
                .filter(item -> item.getPath().equals(fileName)).map(item -> item.getKey()).findFirst().orElse(fileName);
    }

    private static String configMapName(Deployment deployment) {
        return configVolume(deployment).getConfigMap().getName();
    }

    private static String mountPath(Deployment deployment) {
        return configMount(deployment).getMountPath();
    }

    private static Volume configVolume(Deployment deployment) {
        String volume = configMount(deployment).getName();
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(volume) && v.getConfigMap() != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Volume " + volume + " is not a ConfigMap volume"));
    }

    private static VolumeMount configMount(Deployment deployment) {
        String corefile = corefilePath(deployment);
        Optional<VolumeMount> mount = container(deployment).getVolumeMounts().stream()
                .filter(m -> corefile.startsWith(m.getMountPath() + "/")).findFirst();
        return mount.orElseThrow(() -> new IllegalArgumentException("No volume is mounted where -conf points: " + corefile));
    }

    private static boolean sameObject(Deployment a, Deployment b) {
        return a.getMetadata().getName().equals(b.getMetadata().getName())
                && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace());
    }
}
