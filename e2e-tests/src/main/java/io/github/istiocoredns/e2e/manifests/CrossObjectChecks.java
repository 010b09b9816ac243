package io.github.istiocoredns.e2e.manifests;

import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Consistency between the objects of one manifest set, the mistakes a YAML schema cannot see and a
 * cluster reports late and vaguely: selectors that select nothing, ports that name no port, a
 * ServiceEntry address that is not its Service's clusterIP, a clusterIP outside the service range,
 * a meshed workload in a namespace without injection, RBAC wider than the plugin needs. Every
 * violation names the object, file, line and field. Used by the unit tier on every variant, and by
 * the API-server and cluster tiers before they apply anything.
 */
public final class CrossObjectChecks {

    /** What istio-coredns-plugin needs, and all RBAC in these manifests may grant (FACTS section 2). */
    static final String PLUGIN_API_GROUP = "networking.istio.io";
    static final String PLUGIN_RESOURCE = "serviceentries";
    static final Set<String> PLUGIN_VERBS = Set.of("get", "list", "watch");

    static final String INJECT = "sidecar.istio.io/inject";
    static final String INJECTION_LABEL = "istio-injection";
    static final String PROXY_CONFIG = "proxy.istio.io/config";
    private static final String CLUSTER_DOMAIN = "svc.cluster.local";

    private final Cidr serviceRange;
    private final StrictBinding binding;

    public CrossObjectChecks(Cidr serviceRange, StrictBinding binding) {
        this.serviceRange = serviceRange;
        this.binding = binding;
    }

    public List<ManifestProblem> check(ManifestSet set) {
        List<ManifestProblem> problems = new ArrayList<>();
        set.loaded(Deployment.class).filter(loaded -> template((Deployment) loaded.object()) == null).forEach(loaded ->
                problems.add(loaded.problemAt(path("spec", "template"), "the Deployment has no pod template")));
        if (!problems.isEmpty()) {
            return problems;
        }
        deploymentSelectorsMatchTheirPods(set, problems);
        servicesSelectPods(set, problems);
        clusterIpsInServiceRange(set, problems);
        virtualServiceHostsAreServices(set, problems);
        serviceEntryAddressesAreClusterIps(set, problems);
        meshedWorkloadsHaveInjection(set, problems);
        istioAnnotationsAreValid(set, problems);
        rbacGrantsOnlyWhatThePluginNeeds(set, problems);
        referencesResolve(set, problems);
        return problems;
    }

    private void deploymentSelectorsMatchTheirPods(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(Deployment.class).forEach(loaded -> {
            Deployment deployment = (Deployment) loaded.object();
            Map<String, String> selector = deployment.getSpec().getSelector() == null ? Map.of()
                    : orEmpty(deployment.getSpec().getSelector().getMatchLabels());
            Map<String, String> labels = podLabels(deployment);
            if (selector.isEmpty()) {
                problems.add(loaded.problemAt(path("spec", "selector"), "the Deployment has no matchLabels selector"));
            } else if (!labels.entrySet().containsAll(selector.entrySet())) {
                problems.add(loaded.problemAt(path("spec", "selector", "matchLabels"), "selector " + selector
                        + " does not match the pod template's labels " + labels));
            }
        });
    }

    private void servicesSelectPods(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(Service.class).forEach(loaded -> {
            Service service = (Service) loaded.object();
            Map<String, String> selector = orEmpty(service.getSpec().getSelector());
            if (selector.isEmpty()) {
                return;
            }
            List<Deployment> selected = set.all(Deployment.class)
                    .filter(d -> Objects.equals(d.getMetadata().getNamespace(), loaded.namespace()))
                    .filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet()))
                    .collect(Collectors.toList());
            if (selected.isEmpty()) {
                problems.add(loaded.problemAt(path("spec", "selector"), "selector " + selector
                        + " selects no pods: no Deployment in namespace " + loaded.namespace() + " has these pod labels"));
                return;
            }
            for (int i = 0; i < service.getSpec().getPorts().size(); i++) {
                io.fabric8.kubernetes.api.model.ServicePort port = service.getSpec().getPorts().get(i);
                for (Deployment deployment : selected) {
                    String mismatch = targetPortMismatch(port, containers(deployment.getSpec().getTemplate()));
                    if (mismatch != null) {
                        problems.add(loaded.problemAt(path("spec", "ports").index(i).child("targetPort"),
                                mismatch + " in the pods of Deployment " + deployment.getMetadata().getName()));
                    }
                }
            }
        });
    }

    private static String targetPortMismatch(io.fabric8.kubernetes.api.model.ServicePort port, List<Container> containers) {
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        List<ContainerPort> ports = containers.stream().flatMap(c -> c.getPorts().stream()).collect(Collectors.toList());
        if (port.getTargetPort() != null && port.getTargetPort().getStrVal() != null) {
            String name = port.getTargetPort().getStrVal();
            Optional<ContainerPort> named = ports.stream().filter(p -> name.equals(p.getName())).findFirst();
            if (named.isEmpty()) {
                return "targetPort '" + name + "' names no container port (container ports: "
                        + ports.stream().map(ContainerPort::getName).filter(Objects::nonNull).collect(Collectors.toList()) + ")";
            }
            String namedProtocol = named.get().getProtocol() == null ? "TCP" : named.get().getProtocol();
            return namedProtocol.equals(protocol) ? null
                    : "targetPort '" + name + "' is a " + namedProtocol + " container port but the Service port is " + protocol;
        }
        int number = port.getTargetPort() != null && port.getTargetPort().getIntVal() != null
                ? port.getTargetPort().getIntVal() : port.getPort();
        return ports.stream().anyMatch(p -> p.getContainerPort() == number) ? null
                : "targetPort " + number + " is no containerPort";
    }

    private void clusterIpsInServiceRange(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(Service.class).forEach(loaded -> {
            String clusterIp = ((Service) loaded.object()).getSpec().getClusterIP();
            if (!hasFixedClusterIp(clusterIp)) {
                return;
            }
            if (!Cidr.isAddress(clusterIp)) {
                problems.add(loaded.problemAt(path("spec", "clusterIP"), "clusterIP '" + clusterIp + "' is not an IPv4 address"));
            } else if (!serviceRange.contains(clusterIp)) {
                problems.add(loaded.problemAt(path("spec", "clusterIP"), "clusterIP " + clusterIp
                        + " is outside the cluster's service range " + serviceRange
                        + " (the API server rejects it; Kubernetes 1.35 says \"failed to allocate IP ...: the provided network does not match the current range\")"));
            }
        });
    }

    private void virtualServiceHostsAreServices(ManifestSet set, List<ManifestProblem> problems) {
        IstioObjects.virtualServices(set).forEach(loaded -> {
            io.fabric8.istio.api.api.networking.v1alpha3.VirtualService spec = IstioObjects.virtualService(loaded.object()).get();
            List<String> hosts = spec.getHosts();
            for (int i = 0; i < hosts.size(); i++) {
                if (findHost(set, loaded.namespace(), hosts.get(i)).isEmpty()) {
                    problems.add(loaded.problemAt(path("spec", "hosts").index(i), "host '" + hosts.get(i)
                            + "' is neither a Service in namespace " + loaded.namespace() + " nor a ServiceEntry host"));
                }
            }
            List<HTTPRoute> http = spec.getHttp();
            for (int r = 0; r < http.size(); r++) {
                List<HTTPRouteDestination> routes = http.get(r).getRoute();
                for (int d = 0; d < routes.size(); d++) {
                    checkDestination(set, loaded, routes.get(d).getDestination(),
                            path("spec", "http").index(r).child("route").index(d).child("destination"), problems);
                }
            }
        });
    }

    private void checkDestination(ManifestSet set, LoadedObject loaded, Destination destination, FieldPath at,
            List<ManifestProblem> problems) {
        Optional<HasMetadata> target = findHost(set, loaded.namespace(), destination.getHost());
        if (target.isEmpty()) {
            problems.add(loaded.problemAt(at.child("host"), "destination host '" + destination.getHost()
                    + "' is neither a Service in namespace " + loaded.namespace() + " nor a ServiceEntry host"));
        } else if (target.get() instanceof Service service && destination.getPort() != null
                && destination.getPort().getNumber() != null
                && service.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == destination.getPort().getNumber().intValue())) {
            problems.add(loaded.problemAt(at.child("port").child("number"), "Service " + service.getMetadata().getName()
                    + " has no port " + destination.getPort().getNumber()));
        }
    }

    private void serviceEntryAddressesAreClusterIps(ManifestSet set, List<ManifestProblem> problems) {
        IstioObjects.serviceEntries(set).forEach(loaded -> {
            io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry spec = IstioObjects.serviceEntry(loaded.object()).get();
            List<WorkloadEntry> endpoints = spec.getEndpoints();
            for (int i = 0; i < endpoints.size(); i++) {
                Optional<Service> service = serviceByFqdn(set, endpoints.get(i).getAddress());
                if (service.isPresent()) {
                    checkAddressMatches(loaded, spec, service.get(), path("spec", "endpoints").index(i).child("address"), problems);
                }
            }
        });
    }

    private static void checkAddressMatches(LoadedObject loaded, io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry spec,
            Service service, FieldPath endpoint, List<ManifestProblem> problems) {
        String clusterIp = service.getSpec().getClusterIP();
        String serviceName = service.getMetadata().getName();
        if (!hasFixedClusterIp(clusterIp)) {
            problems.add(loaded.problemAt(endpoint, "endpoint Service " + serviceName
                    + " has no fixed clusterIP, so the ServiceEntry's addresses cannot be its address"));
        } else if (!spec.getAddresses().contains(clusterIp)) {
            problems.add(loaded.problemAt(path("spec", "addresses"), "addresses " + spec.getAddresses()
                    + " do not contain the clusterIP " + clusterIp + " of the endpoint Service " + serviceName));
        }
        List<ServicePort> ports = spec.getPorts();
        for (int p = 0; p < ports.size(); p++) {
            long number = ports.get(p).getTargetPort() != null ? ports.get(p).getTargetPort() : ports.get(p).getNumber();
            if (service.getSpec().getPorts().stream().noneMatch(sp -> sp.getPort() == number)) {
                problems.add(loaded.problemAt(path("spec", "ports").index(p), "port " + number
                        + " is not a port of the endpoint Service " + serviceName));
            }
        }
    }

    private void meshedWorkloadsHaveInjection(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(Deployment.class).forEach(loaded -> {
            PodTemplateSpec template = ((Deployment) loaded.object()).getSpec().getTemplate();
            if ("false".equals(annotations(template).get(INJECT)) || "false".equals(labels(template).get(INJECT))) {
                return;
            }
            Optional<Namespace> namespace = set.find(Namespace.class, null, loaded.namespace());
            if (namespace.isEmpty()) {
                problems.add(loaded.problemAt(path("metadata", "namespace"), "meshed workload in namespace "
                        + loaded.namespace() + ", which these manifests do not declare (so nothing enables injection there)"));
            } else if (!"enabled".equals(orEmpty(namespace.get().getMetadata().getLabels()).get(INJECTION_LABEL))) {
                problems.add(loaded.problemAt(path("metadata", "namespace"), "meshed workload in namespace "
                        + loaded.namespace() + ", which lacks the label " + INJECTION_LABEL + ": enabled"));
            }
        });
    }

    private void istioAnnotationsAreValid(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(Deployment.class).forEach(loaded -> {
            PodTemplateSpec template = ((Deployment) loaded.object()).getSpec().getTemplate();
            FieldPath annotations = path("spec", "template", "metadata", "annotations");
            Map<String, String> values = annotations(template);
            String inject = values.get(INJECT);
            if (inject != null && !inject.equals("true") && !inject.equals("false")) {
                problems.add(loaded.problemAt(annotations.child(INJECT), INJECT + " must be \"true\" or \"false\", found \"" + inject + "\""));
            }
            String proxyConfig = values.get(PROXY_CONFIG);
            if (proxyConfig != null) {
                try {
                    proxyConfig(loaded, proxyConfig);
                } catch (ManifestException e) {
                    e.problems().forEach(p -> problems.add(loaded.problemAt(annotations.child(PROXY_CONFIG),
                            "inside the annotation, " + (p.field().isRoot() ? "" : "field " + p.field() + ": ") + p.message())));
                }
            }
        });
    }

    /** The proxy.istio.io/config annotation of a workload, read strictly. */
    public ProxyConfigValues proxyConfig(LoadedObject loaded, String annotation) {
        List<YamlDocument> documents = YamlDocumentReader.read(loaded.ref() + " annotation " + PROXY_CONFIG, annotation);
        return documents.isEmpty() ? new ProxyConfigValues(Map.of()) : binding.bind(documents.get(0), ProxyConfigValues.class);
    }

    private void rbacGrantsOnlyWhatThePluginNeeds(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(ClusterRole.class).forEach(loaded -> checkRules(loaded, ((ClusterRole) loaded.object()).getRules(), problems));
        set.loaded(Role.class).forEach(loaded -> checkRules(loaded, ((Role) loaded.object()).getRules(), problems));
    }

    private static void checkRules(LoadedObject loaded, List<PolicyRule> rules, List<ManifestProblem> problems) {
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule rule = rules.get(i);
            FieldPath at = path("rules").index(i);
            if (!rule.getNonResourceURLs().isEmpty()) {
                problems.add(loaded.problemAt(at.child("nonResourceURLs"), "grants non-resource URLs; the plugin needs none"));
            }
            if (!rule.getApiGroups().equals(List.of(PLUGIN_API_GROUP))) {
                problems.add(loaded.problemAt(at.child("apiGroups"), "grants apiGroups " + rule.getApiGroups()
                        + "; the plugin needs only [" + PLUGIN_API_GROUP + "]"));
            }
            if (!rule.getResources().equals(List.of(PLUGIN_RESOURCE))) {
                problems.add(loaded.problemAt(at.child("resources"), "grants resources " + rule.getResources()
                        + "; the plugin needs only [" + PLUGIN_RESOURCE + "]"));
            }
            if (!PLUGIN_VERBS.containsAll(rule.getVerbs())) {
                problems.add(loaded.problemAt(at.child("verbs"), "grants verbs " + rule.getVerbs()
                        + "; the plugin needs only get, list and watch"));
            }
        }
    }

    private void referencesResolve(ManifestSet set, List<ManifestProblem> problems) {
        set.loaded(ClusterRoleBinding.class).forEach(loaded -> {
            ClusterRoleBinding binding = (ClusterRoleBinding) loaded.object();
            checkRoleRef(set, loaded, binding.getRoleRef(), null, problems);
            checkSubjects(set, loaded, binding.getSubjects(), problems);
        });
        set.loaded(RoleBinding.class).forEach(loaded -> {
            RoleBinding binding = (RoleBinding) loaded.object();
            checkRoleRef(set, loaded, binding.getRoleRef(), loaded.namespace(), problems);
            checkSubjects(set, loaded, binding.getSubjects(), problems);
        });
        set.loaded(Deployment.class).forEach(loaded -> {
            Deployment deployment = (Deployment) loaded.object();
            String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
            if (account != null && !account.equals("default")
                    && set.find(ServiceAccount.class, loaded.namespace(), account).isEmpty()) {
                problems.add(loaded.problemAt(path("spec", "template", "spec", "serviceAccountName"),
                        "ServiceAccount " + account + " is not declared in namespace " + loaded.namespace()));
            }
            checkConfigMapVolumes(set, loaded, deployment.getSpec().getTemplate().getSpec().getVolumes(), problems);
        });
    }

    private static void checkRoleRef(ManifestSet set, LoadedObject loaded, RoleRef ref, String namespace,
            List<ManifestProblem> problems) {
        boolean found = "ClusterRole".equals(ref.getKind())
                ? set.find(ClusterRole.class, null, ref.getName()).isPresent()
                : set.find(Role.class, namespace, ref.getName()).isPresent();
        if (!found) {
            problems.add(loaded.problemAt(path("roleRef"), ref.getKind() + " " + ref.getName() + " is not declared in these manifests"));
        }
    }

    private static void checkSubjects(ManifestSet set, LoadedObject loaded, List<Subject> subjects, List<ManifestProblem> problems) {
        for (int i = 0; i < subjects.size(); i++) {
            Subject subject = subjects.get(i);
            if ("ServiceAccount".equals(subject.getKind())
                    && set.find(ServiceAccount.class, subject.getNamespace(), subject.getName()).isEmpty()) {
                problems.add(loaded.problemAt(path("subjects").index(i), "ServiceAccount " + subject.getNamespace() + "/"
                        + subject.getName() + " is not declared in these manifests"));
            }
        }
    }

    private static void checkConfigMapVolumes(ManifestSet set, LoadedObject loaded, List<Volume> volumes,
            List<ManifestProblem> problems) {
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).getConfigMap() == null || Boolean.TRUE.equals(volumes.get(i).getConfigMap().getOptional())) {
                continue;
            }
            String name = volumes.get(i).getConfigMap().getName();
            FieldPath at = path("spec", "template", "spec", "volumes").index(i).child("configMap");
            Optional<ConfigMap> configMap = set.find(ConfigMap.class, loaded.namespace(), name);
            if (configMap.isEmpty()) {
                problems.add(loaded.problemAt(at.child("name"), "ConfigMap " + name + " is not declared in namespace " + loaded.namespace()));
                continue;
            }
            List<KeyToPath> items = volumes.get(i).getConfigMap().getItems();
            for (int k = 0; k < items.size(); k++) {
                if (!orEmpty(configMap.get().getData()).containsKey(items.get(k).getKey())) {
                    problems.add(loaded.problemAt(at.child("items").index(k).child("key"), "ConfigMap " + name
                            + " has no key " + items.get(k).getKey()));
                }
            }
        }
    }

    /** The object a Service or ServiceEntry host names, seen from {@code namespace}. */
    private static Optional<HasMetadata> findHost(ManifestSet set, String namespace, String host) {
        Optional<Service> service = serviceByHost(set, namespace, host);
        if (service.isPresent()) {
            return Optional.of(service.get());
        }
        return IstioObjects.serviceEntries(set)
                .filter(o -> IstioObjects.serviceEntry(o.object()).get().getHosts().contains(host))
                .map(LoadedObject::object).findFirst();
    }

    private static Optional<Service> serviceByHost(ManifestSet set, String namespace, String host) {
        String[] parts = host.split("\\.", 3);
        String name = parts[0];
        String serviceNamespace = parts.length > 1 ? parts[1] : namespace;
        boolean wellFormed = parts.length <= 2 || parts[2].equals(CLUSTER_DOMAIN) || parts[2].equals("svc");
        return wellFormed ? set.find(Service.class, serviceNamespace, name) : Optional.empty();
    }

    private static Optional<Service> serviceByFqdn(ManifestSet set, String address) {
        if (address == null || !address.endsWith("." + CLUSTER_DOMAIN)) {
            return Optional.empty();
        }
        String[] parts = address.split("\\.", 3);
        return set.find(Service.class, parts[1], parts[0]);
    }

    static boolean hasFixedClusterIp(String clusterIp) {
        return clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None");
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return labels(deployment.getSpec().getTemplate());
    }

    private static PodTemplateSpec template(Deployment deployment) {
        PodTemplateSpec template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
        return template == null || template.getSpec() == null ? null : template;
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata() == null ? Map.of() : orEmpty(template.getMetadata().getLabels());
    }

    private static Map<String, String> annotations(PodTemplateSpec template) {
        return template.getMetadata() == null ? Map.of() : orEmpty(template.getMetadata().getAnnotations());
    }

    private static List<Container> containers(PodTemplateSpec template) {
        return template.getSpec().getContainers();
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static FieldPath path(String... names) {
        FieldPath path = FieldPath.root();
        for (String name : names) {
            path = path.child(name);
        }
        return path;
    }
}
