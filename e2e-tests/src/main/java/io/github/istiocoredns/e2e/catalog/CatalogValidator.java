package io.github.istiocoredns.e2e.catalog;

import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.manifests.FieldPath;
import io.github.istiocoredns.e2e.manifests.ManifestProblem;
import io.github.istiocoredns.e2e.manifests.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a catalog must follow beyond its schema: present fields, unique kebab-case ids, files that
 * exist where they belong, fields that agree with each other (an agent-DNS variant changes no
 * CoreDNS; a rejected Corefile cannot route in the cluster), and no two variants set up alike.
 */
final class CatalogValidator {

    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[-.][a-z0-9]+)*");
    /** A Docker Hub name (no registry host, so an offline mirror prefix can be put in front) with a tag. */
    static final Pattern DOCKER_HUB_IMAGE = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Set<ClusterOutcome> CLUSTER_NOT_RUNNING = EnumSet.of(ClusterOutcome.ISTIOCOREDNS_CRASHLOOP,
            ClusterOutcome.IMAGE_UNPULLABLE, ClusterOutcome.APPLY_REJECTED, ClusterOutcome.NOT_APPLICABLE);
    /** A negative verdict needs evidence of its own (NXDOMAIN, the mesh's refusal), or a broken cluster would pass it. */
    private static final Set<ClusterOutcome> NEGATIVE_VERDICTS = EnumSet.of(ClusterOutcome.NOT_RESOLVED, ClusterOutcome.RESOLVES_NOT_ROUTED);

    private final YamlDocument document;
    private final Path projectRoot;
    private final List<ManifestProblem> problems = new ArrayList<>();

    private CatalogValidator(YamlDocument document, Path projectRoot) {
        this.document = document;
        this.projectRoot = projectRoot;
    }

    static List<ManifestProblem> validate(YamlDocument document, CatalogData catalog, Path projectRoot) {
        CatalogValidator validator = new CatalogValidator(document, projectRoot);
        validator.catalog(catalog);
        return validator.problems;
    }

    private void catalog(CatalogData catalog) {
        FieldPath root = FieldPath.root();
        if (require(root.child("platform"), catalog.platform(), "")) {
            platform(catalog.platform(), root.child("platform"));
        }
        Set<String> profiles = new HashSet<>();
        if (requireList(root.child("clusterProfiles"), catalog.clusterProfiles(), "")) {
            for (int i = 0; i < catalog.clusterProfiles().size(); i++) {
                clusterProfile(catalog.clusterProfiles().get(i), root.child("clusterProfiles").index(i), profiles);
            }
        }
        if (requireList(root.child("variants"), catalog.variants(), "")) {
            Map<String, Integer> ids = new HashMap<>();
            Map<List<Object>, String> setups = new HashMap<>();
            for (int i = 0; i < catalog.variants().size(); i++) {
                Variant variant = catalog.variants().get(i);
                FieldPath at = root.child("variants").index(i);
                if (variant == null) {
                    problem(at, "", "empty entry");
                    continue;
                }
                variant(variant, at, profiles);
                unique(variant, at, ids, setups);
            }
        }
    }

    private void platform(Platform platform, FieldPath at) {
        if (require(at.child("k3s"), platform.k3s(), "")) {
            image(at.child("k3s").child("image"), platform.k3s().image(), "");
            text(at.child("k3s").child("source"), platform.k3s().source(), "");
        }
        if (require(at.child("istio"), platform.istio(), "")) {
            if (text(at.child("istio").child("version"), platform.istio().version(), "")
                    && !VERSION.matcher(platform.istio().version()).matches()) {
                problem(at.child("istio").child("version"), "", "'" + platform.istio().version() + "' is not a release such as 1.30.5");
            }
            text(at.child("istio").child("helmRepository"), platform.istio().helmRepository(), "");
            if (text(at.child("istio").child("istiodValues"), platform.istio().istiodValues(), "")) {
                existingFile(at.child("istio").child("istiodValues"), platform.istio().istiodValues(), "manifests/istio/", "");
            }
            if (text(at.child("istio").child("upstreamEnvoyValues"), platform.istio().upstreamEnvoyValues(), "")) {
                existingFile(at.child("istio").child("upstreamEnvoyValues"), platform.istio().upstreamEnvoyValues(), "manifests/istio/", "");
            }
            text(at.child("istio").child("source"), platform.istio().source(), "");
        }
        if (require(at.child("kubeDns"), platform.kubeDns(), "")) {
            image(at.child("kubeDns").child("image"), platform.kubeDns().image(), "");
            text(at.child("kubeDns").child("source"), platform.kubeDns().source(), "");
        }
        if (require(at.child("offlineBuild"), platform.offlineBuild(), "")) {
            text(at.child("offlineBuild").child("k3s"), platform.offlineBuild().k3s(), "");
            text(at.child("offlineBuild").child("istio"), platform.offlineBuild().istio(), "");
            text(at.child("offlineBuild").child("source"), platform.offlineBuild().source(), "");
        }
        if (require(at.child("localNode"), platform.localNode(), "")) {
            if (text(at.child("localNode").child("kubeDns"), platform.localNode().kubeDns(), "")) {
                existingFile(at.child("localNode").child("kubeDns"), platform.localNode().kubeDns(), "manifests/node/", "");
            }
            text(at.child("localNode").child("source"), platform.localNode().source(), "");
        }
    }

    private void clusterProfile(ClusterProfile profile, FieldPath at, Set<String> ids) {
        if (!text(at.child("id"), profile.id(), "") || !ids.add(profile.id())) {
            problem(at.child("id"), "", "cluster profile ids must be present and unique");
        }
        text(at.child("title"), profile.title(), "");
        text(at.child("source"), profile.source(), "");
        if (text(at.child("serviceCidr"), profile.serviceCidr(), "") && text(at.child("clusterDns"), profile.clusterDns(), "")) {
            try {
                if (!Cidr.parse(profile.serviceCidr()).contains(profile.clusterDns())) {
                    problem(at.child("clusterDns"), "", profile.clusterDns() + " is outside serviceCidr " + profile.serviceCidr());
                }
            } catch (IllegalArgumentException e) {
                problem(at.child("serviceCidr"), "", e.getMessage());
            }
        }
    }

    private void variant(Variant v, FieldPath at, Set<String> profiles) {
        String id = v.id() == null ? "" : v.id();
        if (text(at.child("id"), v.id(), "") && !ID.matcher(id).matches()) {
            problem(at.child("id"), id, "ids are kebab-case: lower-case letters and digits joined by '-' or '.'");
        }
        text(at.child("title"), v.title(), id);
        text(at.child("demonstrates"), v.demonstrates(), id);
        text(at.child("claim"), v.claim(), id);
        if (text(at.child("clusterProfile"), v.clusterProfile(), id) && !profiles.contains(v.clusterProfile())) {
            problem(at.child("clusterProfile"), id, "no cluster profile '" + v.clusterProfile() + "' (profiles: " + profiles + ")");
        }
        if (v.fruitsClusterIp() != null && !Cidr.isAddress(v.fruitsClusterIp())) {
            problem(at.child("fruitsClusterIp"), id, "'" + v.fruitsClusterIp() + "' is not an IPv4 address");
        }
        if (requireList(at.child("manifests"), v.manifests(), id)) {
            manifests(v, at.child("manifests"), id);
        }
        boolean complete = require(at.child("serviceEntry"), v.serviceEntry(), id)
                & require(at.child("kubeDns"), v.kubeDns(), id)
                & require(at.child("kubeDnsPickup"), v.kubeDnsPickup(), id)
                & require(at.child("istioDns"), v.istioDns(), id)
                & require(at.child("outboundPolicy"), v.outboundPolicy(), id)
                & require(at.child("client"), v.client(), id);
        if (complete) {
            dnsSetup(v, at, id);
        }
        if (require(at.child("expected"), v.expected(), id)) {
            expectations(v, at.child("expected"), id);
        }
    }

    private void manifests(Variant v, FieldPath at, String id) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < v.manifests().size(); i++) {
            String file = v.manifests().get(i);
            if (!seen.add(file)) {
                problem(at.index(i), id, file + " is listed twice");
            }
            if (!(file.endsWith(".yaml") || file.endsWith(".yml"))) {
                problem(at.index(i), id, file + " is not a YAML manifest");
            }
            existingFile(at.index(i), file, "manifests/", id);
        }
    }

    private void dnsSetup(Variant v, FieldPath at, String id) {
        boolean kubeDnsChanged = v.kubeDns() != KubeDnsMethod.NONE;
        if (kubeDnsChanged != (v.kubeDnsPickup() != KubeDnsPickup.NONE)) {
            problem(at.child("kubeDnsPickup"), id, "kubeDnsPickup is none exactly when kubeDns is none");
        }
        if (kubeDnsChanged != (v.kubeDnsStub() != null)) {
            problem(at.child("kubeDnsStub"), id, "kubeDnsStub is given exactly when kubeDns is not none");
        } else if (kubeDnsChanged) {
            existingFile(at.child("kubeDnsStub"), v.kubeDnsStub(), "manifests/coredns/kube-dns/", id);
        }
        boolean addOn = v.istioDns() == IstioDnsMode.ISTIOCOREDNS;
        if (addOn != (v.istiocoredns() != null)) {
            problem(at.child("istiocoredns"), id, "istiocoredns (corefile, image) is given exactly when istioDns is istiocoredns");
        } else if (addOn) {
            FieldPath addOnAt = at.child("istiocoredns");
            if (text(addOnAt.child("corefile"), v.istiocoredns().corefile(), id)) {
                existingFile(addOnAt.child("corefile"), v.istiocoredns().corefile(), "manifests/coredns/istiocoredns/", id);
            }
            image(addOnAt.child("image"), v.istiocoredns().image(), id);
        }
        if (addOn != kubeDnsChanged) {
            problem(at.child("kubeDns"), id, "kube-dns forwards the stub zone exactly when istiocoredns serves it (istioDns: " + name(v.istioDns()) + ")");
        }
        if ((v.istioDns() == IstioDnsMode.AGENT_DNS_CAPTURE) != (v.client() == ClientForm.DNS_CAPTURE)) {
            problem(at.child("client"), id, "the dns-capture client goes with istioDns agent-dns-capture, and only with it");
        }
    }

    private void expectations(Variant v, FieldPath at, String id) {
        Expectations e = v.expected();
        Expectations.Corefile corefile = e.corefile();
        Expectations.ApiServer apiserver = e.apiserver();
        Expectations.Cluster cluster = e.cluster();
        boolean complete = tier(at.child("corefile"), corefile, corefile == null ? null : corefile.outcome(),
                corefile == null ? null : corefile.basis(), corefile == null ? null : corefile.source(), id)
                & tier(at.child("apiserver"), apiserver, apiserver == null ? null : apiserver.outcome(),
                apiserver == null ? null : apiserver.basis(), apiserver == null ? null : apiserver.source(), id)
                & tier(at.child("cluster"), cluster, cluster == null ? null : cluster.outcome(),
                cluster == null ? null : cluster.basis(), cluster == null ? null : cluster.source(), id);
        if (!complete) {
            return;
        }
        boolean rejectedAtStartup = corefile.outcome() == CorefileOutcome.REJECTED_AT_STARTUP;
        detail(at.child("corefile").child("errorLine"), corefile.errorLine(), rejectedAtStartup, "rejected-at-startup", id);
        if ((corefile.outcome() == CorefileOutcome.NOT_APPLICABLE) != (v.istiocoredns() == null)) {
            problem(at.child("corefile").child("outcome"), id, "the corefile tier is not-applicable exactly when the variant has no istiocoredns Corefile");
        }
        boolean rejectedByApiServer = apiserver.outcome() == ApiServerOutcome.REJECTED;
        detail(at.child("apiserver").child("messageFragment"), apiserver.messageFragment(), rejectedByApiServer, "rejected", id);
        if (!cluster.outcome().expectable()) {
            problem(at.child("cluster").child("outcome"), id, name(cluster.outcome()) + " is an observation only (it agrees with no expectation)");
        }
        boolean needsEvidence = CLUSTER_NOT_RUNNING.contains(cluster.outcome()) || NEGATIVE_VERDICTS.contains(cluster.outcome());
        if (needsEvidence && isBlank(cluster.evidence())) {
            problem(at.child("cluster").child("evidence"), id, "evidence is required for " + name(cluster.outcome()));
        }
        if (rejectedByApiServer != (cluster.outcome() == ClusterOutcome.APPLY_REJECTED)
                && cluster.outcome() != ClusterOutcome.NOT_APPLICABLE) {
            problem(at.child("cluster").child("outcome"), id, "the cluster tier expects apply-rejected exactly when the API-server tier expects rejected");
        }
        if (rejectedAtStartup && !rejectedByApiServer && !CLUSTER_NOT_RUNNING.contains(cluster.outcome())) {
            problem(at.child("cluster").child("outcome"), id, "a Corefile rejected at startup cannot " + name(cluster.outcome())
                    + " in the cluster (expect istiocoredns-crashloop)");
        }
    }

    private boolean tier(FieldPath at, Object expectation, Object outcome, Basis basis, String source, String id) {
        if (!require(at, expectation, id)) {
            return false;
        }
        return require(at.child("outcome"), outcome, id) & require(at.child("basis"), basis, id) & text(at.child("source"), source, id);
    }

    private void detail(FieldPath at, String value, boolean required, String outcome, String id) {
        if (required && isBlank(value)) {
            problem(at, id, at.lastName() + " is required when the outcome is " + outcome);
        } else if (!required && value != null) {
            problem(at, id, at.lastName() + " is only for the outcome " + outcome);
        }
    }

    private void unique(Variant v, FieldPath at, Map<String, Integer> ids, Map<List<Object>, String> setups) {
        if (v.id() != null) {
            Integer first = ids.putIfAbsent(v.id(), ids.size());
            if (first != null) {
                problem(at.child("id"), v.id(), "id '" + v.id() + "' is used by an earlier variant too; ids must be unique");
            }
        }
        List<Object> setup = new ArrayList<>();
        setup.add(v.clusterProfile());
        setup.add(v.fruitsClusterIp());
        setup.add(v.manifests() == null ? null : new HashSet<>(v.manifests()));
        setup.add(v.serviceEntry());
        setup.add(v.kubeDns());
        setup.add(v.kubeDnsPickup());
        setup.add(v.kubeDnsStub());
        setup.add(v.istiocoredns());
        setup.add(v.istioDns());
        setup.add(v.outboundPolicy());
        setup.add(v.client());
        String twin = setups.putIfAbsent(setup, v.id());
        if (twin != null) {
            problem(at, v.id(), "sets up exactly like variant '" + twin + "'; a duplicate adds nothing to the matrix");
        }
    }

    private void existingFile(FieldPath at, String file, String folder, String id) {
        if (!file.startsWith(folder)) {
            problem(at, id, file + " is not under " + folder);
        } else if (!Files.isRegularFile(projectRoot.resolve(file))) {
            problem(at, id, "file " + file + " does not exist (paths are relative to the project root " + projectRoot + ")");
        }
    }

    private void image(FieldPath at, String image, String id) {
        if (text(at, image, id) && !DOCKER_HUB_IMAGE.matcher(image).matches()) {
            problem(at, id, "'" + image + "' is not a Docker Hub image name with a tag (such as coredns/coredns:1.6.2;"
                    + " no registry host, so an offline mirror prefix can apply)");
        }
    }

    private boolean text(FieldPath at, String value, String id) {
        if (isBlank(value)) {
            problem(at, id, "required field '" + at.lastName() + "' is missing or empty");
            return false;
        }
        return true;
    }

    private boolean require(FieldPath at, Object value, String id) {
        if (value == null) {
            problem(at, id, "required field '" + at.lastName() + "' is missing");
            return false;
        }
        return true;
    }

    private boolean requireList(FieldPath at, List<?> value, String id) {
        if (value == null || value.isEmpty()) {
            problem(at, id, "required list '" + at.lastName() + "' is missing or empty");
            return false;
        }
        return true;
    }

    private void problem(FieldPath at, String variantId, String message) {
        problems.add(document.problemAt(at, variantId.isEmpty() ? message : "variant '" + variantId + "': " + message));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
