package io.github.istiocoredns.e2e.catalog;

import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.dns.CorefileParser;
import io.github.istiocoredns.e2e.dns.KubeDnsStub;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.manifests.ConfigMapPlaceholders;
import io.github.istiocoredns.e2e.manifests.CrossObjectChecks;
import io.github.istiocoredns.e2e.manifests.FixedClusterIp;
import io.github.istiocoredns.e2e.manifests.IstioObjects;
import io.github.istiocoredns.e2e.manifests.IstiocorednsRenderer;
import io.github.istiocoredns.e2e.manifests.LoadedObject;
import io.github.istiocoredns.e2e.manifests.ManifestProblem;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.manifests.StrictManifestLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a variant into what a tier applies: its manifests loaded strictly, the fixed clusterIP
 * overridden if the variant says so, the istiocoredns add-on given the variant's image and Corefile,
 * and the kube-dns stub pointed at istiocoredns's clusterIP. Also checks that what a variant declares
 * (ServiceEntry form, policy, client, kube-dns method) is what its manifests actually contain.
 */
public final class VariantSetup {

    /** The namespace of kube-dns, where the k3s way (coredns-custom) puts its ConfigMap. */
    static final String KUBE_SYSTEM = "kube-system";
    /** k3s imports ConfigMap keys ending in .server as new server blocks (FACTS §4). */
    static final String K3S_SERVER_KEY_SUFFIX = ".server";

    /** Any address will do to check that a rendered stub block parses. */
    private static final String SYNTAX_CHECK_ADDRESS = "192.0.2.53";

    private final VariantCatalog catalog;
    private final StrictManifestLoader loader;

    public VariantSetup(VariantCatalog catalog) {
        this.catalog = catalog;
        this.loader = new StrictManifestLoader(catalog.projectRoot());
    }

    public StrictManifestLoader loader() {
        return loader;
    }

    /** The variant's manifests exactly as written. */
    public ManifestSet manifests(Variant variant) {
        return loader.load(variant.manifests().stream().map(catalog::resolve).collect(Collectors.toList()));
    }

    /**
     * The variant's manifests as applied to a cluster whose istiocoredns Service got
     * {@code istiocorednsClusterIp} (ignored by variants that change no kube-dns).
     */
    public ManifestSet render(Variant variant, String istiocorednsClusterIp) {
        ManifestSet set = manifests(variant);
        if (variant.fruitsClusterIp() != null) {
            set = FixedClusterIp.override(set, variant.fruitsClusterIp(), loader.binding());
        }
        if (variant.istiocoredns() != null) {
            set = IstiocorednsRenderer.render(set, read(variant.istiocoredns().corefile()), variant.istiocoredns().image(),
                    loader.binding());
        }
        if (!ConfigMapPlaceholders.in(set).isEmpty()) {
            set = ConfigMapPlaceholders.render(set, Map.of(KubeDnsStub.ISTIOCOREDNS_CLUSTER_IP, istiocorednsClusterIp),
                    loader.binding());
        }
        return set;
    }

    /** The stub block the variant adds to kube-dns, pointing at istiocoredns. */
    public String kubeDnsStubBlock(Variant variant, String istiocorednsClusterIp) {
        if (variant.kubeDnsStub() == null) {
            throw new IllegalArgumentException("Variant " + variant.id() + " changes no kube-dns");
        }
        return KubeDnsStub.render(variant.kubeDnsStub(), read(variant.kubeDnsStub()), istiocorednsClusterIp);
    }

    /** Cross-object problems of the rendered variant, in the service range of its cluster profile. */
    public List<ManifestProblem> crossObjectProblems(Variant variant, String istiocorednsClusterIp) {
        Cidr range = Cidr.parse(catalog.clusterProfileOf(variant).serviceCidr());
        return new CrossObjectChecks(range, loader.binding()).check(render(variant, istiocorednsClusterIp));
    }

    /** Where what the variant declares disagrees with its manifests; empty when all agree. */
    public List<String> declarationMismatches(Variant variant) {
        ManifestSet set = manifests(variant);
        List<String> mismatches = new ArrayList<>();
        serviceEntryForm(variant, set, mismatches);
        outboundPolicy(variant, set, mismatches);
        clientForm(variant, set, mismatches);
        istiocorednsAddOn(variant, set, mismatches);
        kubeDnsMethod(variant, set, mismatches);
        corefilesParse(variant, mismatches);
        return mismatches.stream().map(m -> "variant '" + variant.id() + "': " + m).collect(Collectors.toList());
    }

    private static void serviceEntryForm(Variant variant, ManifestSet set, List<String> mismatches) {
        List<LoadedObject> entries = IstioObjects.serviceEntries(set).collect(Collectors.toList());
        if (entries.isEmpty()) {
            mismatches.add("declares serviceEntry " + name(variant.serviceEntry()) + " but its manifests hold no ServiceEntry");
            return;
        }
        for (LoadedObject entry : entries) {
            var ports = IstioObjects.serviceEntry(entry.object()).get().getPorts();
            boolean hasPorts = !ports.isEmpty();
            boolean targetPort = ports.stream().anyMatch(p -> p.getTargetPort() != null);
            if (hasPorts != (variant.serviceEntry() != ServiceEntryForm.VERBATIM)) {
                mismatches.add("declares serviceEntry " + name(variant.serviceEntry()) + " but " + entry.ref()
                        + " (" + entry.document().source() + ") " + (hasPorts ? "declares" : "declares no") + " ports");
            } else if (targetPort != (variant.serviceEntry() == ServiceEntryForm.TODAYS_SCHEMA)) {
                mismatches.add("declares serviceEntry " + name(variant.serviceEntry()) + " but " + entry.ref()
                        + " (" + entry.document().source() + ") " + (targetPort ? "names" : "names no") + " targetPort");
            }
        }
    }

    private static void outboundPolicy(Variant variant, ManifestSet set, List<String> mismatches) {
        boolean registryOnly = IstioObjects.sidecars(set).anyMatch(o -> {
            var policy = IstioObjects.sidecar(o.object()).get().getOutboundTrafficPolicy();
            return policy != null && policy.getMode() == OutboundTrafficPolicyMode.REGISTRY_ONLY;
        });
        if (registryOnly != (variant.outboundPolicy() == OutboundPolicy.REGISTRY_ONLY)) {
            mismatches.add("declares outboundPolicy " + variant.outboundPolicy() + " but its manifests "
                    + (registryOnly ? "hold" : "hold no") + " Sidecar with mode REGISTRY_ONLY");
        }
    }

    private void clientForm(Variant variant, ManifestSet set, List<String> mismatches) {
        CrossObjectChecks checks = new CrossObjectChecks(Cidr.parse("0.0.0.0/0"), loader.binding());
        List<LoadedObject> capturing = set.loaded(Deployment.class).filter(o -> {
            var metadata = ((Deployment) o.object()).getSpec().getTemplate().getMetadata();
            String annotation = metadata == null || metadata.getAnnotations() == null ? null
                    : metadata.getAnnotations().get("proxy.istio.io/config");
            return annotation != null && checks.proxyConfig(o, annotation).dnsCapture();
        }).collect(Collectors.toList());
        if (capturing.isEmpty() == (variant.client() == ClientForm.DNS_CAPTURE)) {
            mismatches.add("declares client " + name(variant.client()) + " but " + (capturing.isEmpty()
                    ? "no workload switches DNS capture on" : capturing.stream().map(LoadedObject::ref).toList() + " switch DNS capture on"));
        }
    }

    private static void istiocorednsAddOn(Variant variant, ManifestSet set, List<String> mismatches) {
        boolean present = set.all(Deployment.class).anyMatch(d -> d.getSpec().getTemplate().getSpec().getContainers()
                .stream().anyMatch(c -> IstiocorednsRenderer.COREDNS_CONTAINER.equals(c.getName())));
        if (present != (variant.istioDns() == IstioDnsMode.ISTIOCOREDNS)) {
            mismatches.add("declares istioDns " + name(variant.istioDns()) + " but its manifests "
                    + (present ? "deploy" : "do not deploy") + " the istiocoredns add-on");
        }
    }

    private void kubeDnsMethod(Variant variant, ManifestSet set, List<String> mismatches) {
        List<ConfigMap> kubeSystem = set.all(ConfigMap.class)
                .filter(c -> KUBE_SYSTEM.equals(c.getMetadata().getNamespace())).collect(Collectors.toList());
        boolean custom = variant.kubeDns() == KubeDnsMethod.COREDNS_CUSTOM;
        if (kubeSystem.isEmpty() == custom) {
            mismatches.add("declares kubeDns " + name(variant.kubeDns()) + " but its manifests "
                    + (kubeSystem.isEmpty() ? "add no ConfigMap to " : "add a ConfigMap to ") + KUBE_SYSTEM);
            return;
        }
        for (ConfigMap configMap : kubeSystem) {
            configMap.getData().forEach((key, value) -> {
                if (!key.endsWith(K3S_SERVER_KEY_SUFFIX)) {
                    mismatches.add(LoadedObject.refOf(configMap) + " key " + key + " does not end in "
                            + K3S_SERVER_KEY_SUFFIX + ", so k3s's CoreDNS does not import it");
                } else if (!value.equals(read(variant.kubeDnsStub()))) {
                    mismatches.add(LoadedObject.refOf(configMap) + " key " + key + " differs from kubeDnsStub "
                            + variant.kubeDnsStub() + " (both kube-dns methods must add the same block)");
                }
            });
        }
    }

    private void corefilesParse(Variant variant, List<String> mismatches) {
        if (variant.istiocoredns() != null) {
            try {
                CorefileParser.parse(variant.istiocoredns().corefile(), read(variant.istiocoredns().corefile()));
            } catch (RuntimeException e) {
                mismatches.add(e.getMessage());
            }
        }
        if (variant.kubeDnsStub() != null) {
            try {
                kubeDnsStubBlock(variant, SYNTAX_CHECK_ADDRESS);
            } catch (RuntimeException e) {
                mismatches.add(e.getMessage());
            }
        }
    }

    private String read(String relativePath) {
        try {
            return Files.readString(catalog.resolve(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + relativePath, e);
        }
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
