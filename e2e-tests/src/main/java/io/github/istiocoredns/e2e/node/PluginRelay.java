package io.github.istiocoredns.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.manifests.StrictBinding;
import io.github.istiocoredns.e2e.standin.StandInRelay;
import java.util.List;
import java.util.Objects;

/**
 * The one change the local node makes to the istiocoredns add-on: its plugin container (istio/coredns-plugin, which no
 * registry here serves and no Go module proxy builds) becomes a relay CoreDNS on the same port 8053 that passes every
 * query to the plugin stand-in in the test JVM. The coredns container, its Corefile, the Service and the pod's network
 * namespace stay as the variant has them. The relay's Corefile travels in the add-on's own ConfigMap under
 * {@value #RELAY_KEY}, mounted beside the Corefile, so no object is added.
 */
public final class PluginRelay {

    public static final String PLUGIN_CONTAINER = "istio-coredns-plugin";
    public static final String RELAY_KEY = "Relay.Corefile";
    private static final String CONFIG_MOUNT = "/etc/coredns";

    private final String relayImage;
    private final String standInHostAndPort;

    /** @param relayImage a CoreDNS image of 1.5.0 or later, named as the manifests name images */
    public PluginRelay(String relayImage, String standInHostAndPort) {
        this.relayImage = Objects.requireNonNull(relayImage, "relayImage");
        this.standInHostAndPort = Objects.requireNonNull(standInHostAndPort, "standInHostAndPort");
    }

    /** A copy of the set with the plugin replaced; a set without the add-on is returned unchanged. */
    public ManifestSet adapt(ManifestSet set, StrictBinding binding) {
        boolean hasAddOn = set.all(Deployment.class).anyMatch(PluginRelay::isAddOn);
        if (!hasAddOn) {
            return set;
        }
        String configMap = configMapName(IstiocorednsRenderer.deployment(set));
        return set.map(object -> adaptObject(object, configMap), binding);
    }

    /** What the report says about this adaptation. */
    public String description() {
        return "plugin container replaced by a relay (" + relayImage + ") to the stand-in at " + standInHostAndPort;
    }

    private HasMetadata adaptObject(HasMetadata object, String configMap) {
        if (object instanceof Deployment deployment && isAddOn(deployment)) {
            replacePlugin(deployment);
        } else if (object instanceof ConfigMap map && map.getMetadata().getName().equals(configMap)) {
            map.getData().put(RELAY_KEY, StandInRelay.corefile(standInHostAndPort));
        }
        return object;
    }

    private static boolean isAddOn(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> PLUGIN_CONTAINER.equals(c.getName()));
    }

    private void replacePlugin(Deployment deployment) {
        Volume config = configVolume(deployment);
        if (config.getConfigMap().getItems() != null && !config.getConfigMap().getItems().isEmpty()) {
            config.getConfigMap().getItems().add(new KeyToPathBuilder().withKey(RELAY_KEY).withPath(RELAY_KEY).build());
        }
        Container plugin = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> PLUGIN_CONTAINER.equals(c.getName())).findFirst().orElseThrow();
        plugin.setImage(relayImage);
        plugin.setCommand(null);
        plugin.setArgs(List.of("-conf", CONFIG_MOUNT + "/" + RELAY_KEY));
        plugin.setVolumeMounts(List.of(new VolumeMountBuilder().withName(config.getName()).withMountPath(CONFIG_MOUNT).withReadOnly(true).build()));
    }

    private static String configMapName(Deployment deployment) {
        return configVolume(deployment).getConfigMap().getName();
    }

    /** The ConfigMap volume the coredns container reads its Corefile from. */
    private static Volume configVolume(Deployment deployment) {
        Container coredns = IstiocorednsRenderer.container(deployment);
        String corefile = IstiocorednsRenderer.corefilePath(deployment);
        String volumeName = coredns.getVolumeMounts().stream().filter(m -> corefile.startsWith(m.getMountPath() + "/")).map(m -> m.getName())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the coredns container mounts nothing that holds " + corefile));
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(volumeName) && v.getConfigMap() != null)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("volume " + volumeName + " of the add-on is not a ConfigMap"));
    }
}
