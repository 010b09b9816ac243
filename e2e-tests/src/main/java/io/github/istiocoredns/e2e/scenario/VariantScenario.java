package io.github.istiocoredns.e2e.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.KubeDnsMethod;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.manifests.FixedClusterIp;
import io.github.istiocoredns.e2e.manifests.IstioObjects;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.LoadedObject;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A catalog variant's setup as steps for one cluster, in the order of the variant's manifests: its namespaces (with
 * their injection labels; a namespace its objects need but do not declare, such as istio-system, is ensured), the
 * fruits-api objects with the fixed clusterIP moved into the cluster's service range where the variant allows it
 * ({@link ClusterIpAdaptation}), the ServiceEntry in the variant's form, the istiocoredns add-on with the variant's
 * image and Corefile, the kube-dns change the variant's way (after istiocoredns's Service, whose actual clusterIP
 * it reads back), the REGISTRY_ONLY Sidecar and the meshed client. On a cluster without kube-dns a stand-in
 * ConfigMap comes first ({@link KubeDnsStandInStep}). The same steps serve the API-server and the cluster tier.
 *
 * <pre>{@code
 * ScenarioResult result = new StepRunner(cluster, System.out::println)
 *         .run(variant.id(), new VariantScenario(catalog, variant, cluster).steps());
 * }</pre>
 */
public final class VariantScenario {

    /** Renders the kube-system ConfigMaps before the real address is known; they are rendered again by their step. */
    private static final String ADDRESS_NOT_YET_KNOWN = "192.0.2.53";

    private final Variant variant;
    private final Cluster cluster;
    private final VariantSetup setup;
    private final UnaryOperator<ManifestSet> adaptation;

    public VariantScenario(VariantCatalog catalog, Variant variant, Cluster cluster) {
        this(variant, cluster, new VariantSetup(catalog), UnaryOperator.identity());
    }

    private VariantScenario(Variant variant, Cluster cluster, VariantSetup setup, UnaryOperator<ManifestSet> adaptation) {
        this.variant = variant;
        this.cluster = cluster;
        this.setup = setup;
        this.adaptation = adaptation;
    }

    /**
     * The same scenario with the objects changed by {@code adaptation} (after the clusterIP adaptation) wherever they
     * are used: for a cluster that must run something else than the manifests name (the local node's plugin relay).
     */
    public VariantScenario withObjectsAdaptedBy(UnaryOperator<ManifestSet> adaptation) {
        return new VariantScenario(variant, cluster, setup, adaptation);
    }

    /** How objects are deep-copied and bound (for adaptations that copy objects). */
    public VariantSetup setup() {
        return setup;
    }

    /** The variant's objects as this cluster gets them (clusterIP adapted where allowed). */
    public ManifestSet objects() {
        ManifestSet set = setup.render(variant, ADDRESS_NOT_YET_KNOWN);
        String declared = FixedClusterIp.of(set);
        String address = ClusterIpAdaptation.addressFor(variant, declared, cluster.serviceCidr());
        return adaptation.apply(address.equals(declared) ? set : FixedClusterIp.override(set, address, setup.loader().binding()));
    }

    /** The fixed clusterIP of fruits-api-service on this cluster. */
    public String fruitsClusterIp() {
        return FixedClusterIp.of(objects());
    }

    /** Fresh steps (a step serves one run). */
    public List<Step> steps() {
        ManifestSet set = objects();
        List<Step> steps = new ArrayList<>();
        if (!cluster.hasKubeDns()) {
            steps.add(new KubeDnsStandInStep());
        }
        Set<String> namespaces = new LinkedHashSet<>();
        set.all(Namespace.class).forEach(n -> namespaces.add(n.getMetadata().getName()));
        Set<String> ensured = new LinkedHashSet<>();
        Deployment istiocoredns = variant.istiocoredns() == null ? null : IstiocorednsRenderer.deployment(set);
        for (LoadedObject loaded : set.objects()) {
            HasMetadata object = loaded.object();
            String namespace = loaded.namespace();
            if (object instanceof Namespace declared) {
                ensured.add(declared.getMetadata().getName());
                steps.add(new NamespaceStep(declared.getMetadata().getName(), declared.getMetadata().getLabels()));
                continue;
            }
            if (namespace != null && !namespace.equals(KubeDnsConfigMaps.KUBE_SYSTEM) && ensured.add(namespace)) {
                steps.add(new NamespaceStep(namespace, Map.of()));
            }
            if (object instanceof ConfigMap configMap && KubeDnsConfigMaps.KUBE_SYSTEM.equals(namespace)) {
                steps.add(corednsCustom(configMap, istiocoredns, set));
                continue;
            }
            steps.add(new ObjectStep(object, detail(object)));
            if (object == istiocoredns && variant.kubeDns() == KubeDnsMethod.CONFIGMAP_EDIT) {
                Service service = istiocorednsService(set, istiocoredns);
                steps.add(new KubeDnsEditStep(service.getMetadata().getNamespace(), service.getMetadata().getName(),
                        address -> setup.kubeDnsStubBlock(variant, address)));
            }
        }
        return steps;
    }

    private Step corednsCustom(ConfigMap configMap, Deployment istiocoredns, ManifestSet set) {
        if (variant.kubeDns() != KubeDnsMethod.COREDNS_CUSTOM || istiocoredns == null || configMap.getData().size() != 1) {
            throw new IllegalArgumentException("variant " + variant.id() + ": " + LoadedObject.refOf(configMap)
                    + " is a kube-dns change, but the variant declares kubeDns " + variant.kubeDns() + " and "
                    + (istiocoredns == null ? "no istiocoredns add-on" : configMap.getData().size() + " keys"));
        }
        Service service = istiocorednsService(set, istiocoredns);
        return new CorednsCustomStep(configMap.getMetadata().getName(), configMap.getData().keySet().iterator().next(),
                service.getMetadata().getNamespace(), service.getMetadata().getName(), address -> setup.kubeDnsStubBlock(variant, address));
    }

    /** The Service in front of the add-on: the one in its namespace whose selector its pods match. */
    private Service istiocorednsService(ManifestSet set, Deployment istiocoredns) {
        Map<String, String> podLabels = istiocoredns.getSpec().getTemplate().getMetadata().getLabels();
        return set.all(Service.class)
                .filter(s -> s.getMetadata().getNamespace().equals(istiocoredns.getMetadata().getNamespace()))
                .filter(s -> s.getSpec().getSelector() != null && podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("variant " + variant.id() + ": no Service selects the istiocoredns pods "
                        + podLabels));
    }

    private String detail(HasMetadata object) {
        if (object instanceof Service service && service.getSpec().getClusterIP() != null && !service.getSpec().getClusterIP().isEmpty()) {
            return "clusterIP " + service.getSpec().getClusterIP();
        }
        if (IstioObjects.serviceEntry(object).isPresent()) {
            return "ServiceEntry form " + variant.serviceEntry().name().toLowerCase().replace('_', '-');
        }
        if (object instanceof Deployment deployment
                && deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> IstiocorednsRenderer.COREDNS_CONTAINER.equals(c.getName()))) {
            return "istiocoredns add-on, image " + variant.istiocoredns().image() + ", Corefile " + variant.istiocoredns().corefile();
        }
        return "";
    }
}
