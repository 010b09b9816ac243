package io.github.istiocoredns.e2e.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.SystemProperties;
import io.github.istiocoredns.e2e.catalog.ClusterProfile;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.catalog.VariantSetup;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.mesh.IstioInstallPlan;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sBuildingBlocksTest {

    private static final ClusterProfile ARTICLE = new ClusterProfile("article", "t", "10.96.0.0/12", "10.96.0.10", "s");

    @Test
    void commandRepeatsTheModulesDefaultsBecauseWithCommandReplacesThemAndDisablesWhatTheSuiteDoesNotUse() {
        List<String> command = K3sCommand.of("localhost", ARTICLE, false);

        assertThat(command).startsWith("server", "--disable=traefik,metrics-server,local-storage,servicelb", "--tls-san=localhost");
    }

    @Test
    void commandSetsTheProfilesServiceRangeAndKubeDnsAddress() {
        List<String> command = K3sCommand.of("203.0.113.7", ARTICLE, false);

        assertThat(command).contains("--service-cidr=10.96.0.0/12", "--cluster-dns=10.96.0.10", "--tls-san=203.0.113.7");
    }

    @Test
    void kubeDnsGetsTheRunsOwnUpstreamResolverNotTheMachines() {
        assertThat(K3sCommand.of("localhost", ARTICLE, false)).contains("--resolv-conf=" + UpstreamResolver.RESOLV_CONF_PATH);
        assertThat(UpstreamResolver.resolvConf("172.17.0.3")).endsWith("\nnameserver 172.17.0.3\n");
        assertThat(UpstreamResolver.COREFILE).contains("rcode NXDOMAIN");
        assertThatThrownBy(() -> UpstreamResolver.resolvConf(" ")).hasMessageContaining("no address");
    }

    @Test
    void onACgroupV1HostTheKubeletIsToldToRunAnyway() {
        assertThat(K3sCommand.of("localhost", ARTICLE, true)).endsWith("--kubelet-arg=fail-cgroupv1=false");
        assertThat(K3sCommand.of("localhost", ARTICLE, false)).noneMatch(argument -> argument.contains("cgroupv1"));
    }

    @Test
    void commandRefusesAMissingHost() {
        assertThatThrownBy(() -> K3sCommand.of(" ", ARTICLE, false)).hasMessageContaining("--tls-san");
    }

    @Test
    void privilegesAreEmulatedOnlyWhereTheHostRefusesThemOrWhenAskedFor() {
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<java.util.Optional<String>> refusing = () -> {
            probes.incrementAndGet();
            return java.util.Optional.of("runc create failed: unable to apply caps: operation not permitted");
        };

        assertThat(K3sPrivileges.decide("", refusing)).isEqualTo(K3sPrivileges.EMULATED);
        assertThat(K3sPrivileges.decide("auto", java.util.Optional::empty)).isEqualTo(K3sPrivileges.PRIVILEGED);
        assertThat(K3sPrivileges.decide("privileged", refusing)).isEqualTo(K3sPrivileges.PRIVILEGED);
        assertThat(K3sPrivileges.decide(" Emulated ", refusing)).isEqualTo(K3sPrivileges.EMULATED);
        assertThat(probes).as("only auto asks Docker").hasValue(1);
        assertThatThrownBy(() -> K3sPrivileges.decide("maybe", refusing)).hasMessageContaining("-Dk3s.privileges=maybe");
    }

    @Test
    void theEmulationGivesWhatK3sNeededOnAHostWithoutCapSysResource() {
        com.github.dockerjava.api.model.HostConfig host = com.github.dockerjava.api.model.HostConfig.newHostConfig().withPrivileged(true);

        K3sPrivileges.emulate(host);

        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getCapAdd()).containsExactly(com.github.dockerjava.api.model.Capability.ALL);
        assertThat(host.getCapDrop()).containsExactly(com.github.dockerjava.api.model.Capability.SYS_RESOURCE);
        assertThat(host.getSecurityOpts()).containsExactly("seccomp=unconfined", "apparmor=unconfined");
        assertThat(host.getDevices()).extracting(d -> d.getPathOnHost()).containsExactly("/dev/kmsg");
        assertThat(host.getCgroupnsMode()).isEqualTo("host");
    }

    @Test
    void catalogsK3sProfileKeepsTheArticlesAddressesInsideTheServiceRange() {
        VariantCatalog catalog = VariantCatalog.load();
        ClusterProfile profile = catalog.clusterProfile("article-service-range");
        Cidr range = Cidr.parse(profile.serviceCidr());

        assertThat(range.contains("10.103.1.1")).as("the article's fixed clusterIP in " + range).isTrue();
        assertThat(range.contains(profile.clusterDns())).as("kube-dns " + profile.clusterDns() + " in " + range).isTrue();
    }

    @Test
    void importAndPullRunAgainstTheKubeletsContainerdNamespace() {
        assertThat(ContainerdCommands.importImage("/tmp/x.tar")).containsSubsequence("ctr", "-n", "k8s.io", "images", "import", "/tmp/x.tar");
        assertThat(ContainerdCommands.pull("coredns/coredns:1.1.2")).containsExactly("crictl", "pull", "coredns/coredns:1.1.2");
    }

    @Test
    void imagesPulledInsideK3sAreTheVariantsImagesWithoutOurLocalOne() {
        VariantCatalog catalog = VariantCatalog.load();

        List<String> images = ClusterImages.workloads(new VariantSetup(catalog), catalog.variants());

        assertThat(images).contains("coredns/coredns:1.1.2", "coredns/coredns:1.6.2", "coredns/coredns:1.14.7",
                "istio/coredns-plugin:0.2-istio-1.1", "istiosuccinctly/fruits-api:1.0.0");
        assertThat(images).noneMatch(image -> image.startsWith(ClusterImages.LOCAL_PREFIX)).doesNotHaveDuplicates().isSorted();
        IstioInstallPlan plan = new IstioInstallPlan(URI.create("https://example.invalid/charts"), "1.31.4", null, null);
        assertThat(ClusterImages.istio(plan)).containsExactly("docker.io/istio/pilot:1.31.4", "docker.io/istio/proxyv2:1.31.4");
        IstioInstallPlan mirrored = new IstioInstallPlan(URI.create("https://example.invalid/charts"), "1.31.4", null, "mirror.local/istio");
        assertThat(ClusterImages.istio(mirrored)).as("a -Distio.hub mirror is where k3s must pull from")
                .containsExactly("mirror.local/istio/pilot:1.31.4", "mirror.local/istio/proxyv2:1.31.4");
    }

    @Test
    void findingSaysWhatIsMissingAndWhy() {
        assertThat(new ImagePresence.Finding("rancher/k3s:v1", true, true, null).missing()).isEmpty();
        assertThat(new ImagePresence.Finding("rancher/k3s:v1", true, false, null).missing()).as("pulled just now").isEmpty();
        assertThat(new ImagePresence.Finding("rancher/k3s:v1", true, false, "dial tcp: lookup registry-1.docker.io\n: no such host").missing())
                .hasValue("image rancher/k3s:v1 is not present and no registry is reachable (docker pull failed: dial tcp: lookup "
                        + "registry-1.docker.io : no such host)");
        assertThat(new ImagePresence.Finding("rancher/k3s:v1", false, false, null).missing()).get().asString().contains("no Docker daemon");
    }

    @Test
    void explorationHintsNameTheKubeconfigAndTheArticlesChecks() {
        List<String> lines = ExplorationHints.lines(Path.of("target/k3s-kubeconfig.yaml"), "abc123");

        assertThat(String.join("\n", lines)).contains("docker rm -f abc123", "--kubeconfig " + Path.of("target/k3s-kubeconfig.yaml").toAbsolutePath(),
                "dig my-fruits.internal", "curl -s http://my-fruits.internal/api/fruits/au");
    }

    @Test
    void optionsTakeTheImageFromThePropertyOrThePin() {
        assertThat(SystemProperties.with(K3sCluster.IMAGE_PROPERTY, null, K3sBuildingBlocksTest::options).image()).isEqualTo("rancher/k3s:pin");
        assertThat(SystemProperties.with(K3sCluster.IMAGE_PROPERTY, " rancher/k3s:v1.36.1-k3s1 ", K3sBuildingBlocksTest::options).image())
                .isEqualTo("rancher/k3s:v1.36.1-k3s1");
        assertThat(SystemProperties.with(K3sCluster.IMAGE_PROPERTY, "", K3sBuildingBlocksTest::options).image()).as("the profile's empty default")
                .isEqualTo("rancher/k3s:pin");
    }

    @Test
    void aRegistriesFileMustExistAndIsNamedWhenItDoesNot(@TempDir Path directory) throws Exception {
        Path registries = Files.writeString(directory.resolve("registries.yaml"), "mirrors: {}\n");
        Path missing = directory.resolve("missing.yaml");

        assertThat(SystemProperties.with(K3sCluster.REGISTRIES_PROPERTY, null, K3sBuildingBlocksTest::options).registries()).isNull();
        assertThat(SystemProperties.with(K3sCluster.REGISTRIES_PROPERTY, " " + registries + " ", K3sBuildingBlocksTest::options).registries())
                .isEqualTo(registries);
        assertThatThrownBy(() -> SystemProperties.with(K3sCluster.REGISTRIES_PROPERTY, missing.toString(), K3sBuildingBlocksTest::options))
                .hasMessageContaining("-Dk3s.registries=" + missing + ": no such file")
                .hasMessageContaining("https://docs.k3s.io/installation/private-registry");
    }

    private static K3sCluster.Options options() {
        return K3sCluster.Options.fromSystemProperties("rancher/k3s:pin", Path.of("t"));
    }

    @Test
    void aPullRefusedByDockerHubsRateLimitSaysHowToGetPast() {
        PullOutcome limited = new PullOutcome("docker.io/istio/pilot:1.31.4", false,
                "E1126 failed to pull: toomanyrequests: You have reached your unauthenticated pull rate limit.", Duration.ofMillis(900));
        PullOutcome other = new PullOutcome("istio/coredns-plugin:0.2-istio-1.1", false, "not found", Duration.ofMillis(300));

        assertThat(limited.line()).startsWith("could not pull docker.io/istio/pilot:1.31.4 in 900 ms: E1126 failed to pull: toomanyrequests")
                .endsWith("(Docker Hub's pull rate limit: give k3s credentials or a mirror with -Dk3s.registries=<registries.yaml>)");
        assertThat(other.line()).isEqualTo("could not pull istio/coredns-plugin:0.2-istio-1.1 in 300 ms: not found");
    }

    @Test
    void aFailedPullIsExplainedByTheCauseAtTheEndOfCrictlsChainOfErrors() {
        String crictl = "E1207 05:36:47.184499     345 log.go:32] \"PullImage from image service failed\" err=\"rpc error: code = Unknown desc = "
                + "failed to pull and unpack image \\\"docker.io/istiosuccinctly/fruits-api:1.0.0\\\": failed to resolve reference \\\"docker.io/istiosuccinctly/"
                + "fruits-api:1.0.0\\\": failed to do request: Head \\\"https://registry-1.docker.io/v2/istiosuccinctly/fruits-api/manifests/1.0.0\\\": dial tcp: "
                + "lookup registry-1.docker.io on 10.96.0.10:53: no such host\" image=\"istiosuccinctly/fruits-api:1.0.0\"\nFATA[0000] pulling image: failed";
        PullOutcome failed = new PullOutcome("istiosuccinctly/fruits-api:1.0.0", false, crictl, Duration.ofMillis(40));

        assertThat(failed.reason()).contains("no such host").doesNotContain("E1207").hasSizeLessThanOrEqualTo(243);
        assertThat(failed.line()).startsWith("could not pull istiosuccinctly/fruits-api:1.0.0 in 40 ms: ").contains("no such host");
    }

    @Test
    void imagesTheLocalDockerHasAreCopiedTheRestPulledUnderTheNamesTheKubeletLooksFor() {
        java.util.Set<String> local = java.util.Set.of("mirror.local/coredns/coredns:1.14.7", "localhost/istiocoredns/fruits-api:0.1.0");
        ImageSupply supply = ImageSupply.plan(List.of("coredns/coredns:1.14.7", "istiosuccinctly/fruits-api:1.0.0", "localhost/istiocoredns/fruits-api:0.1.0"),
                image -> image.startsWith("coredns/") ? "mirror.local/" + image : image, local::contains);

        assertThat(supply.fromDocker()).containsEntry("coredns/coredns:1.14.7", "mirror.local/coredns/coredns:1.14.7")
                .containsEntry("localhost/istiocoredns/fruits-api:0.1.0", "localhost/istiocoredns/fruits-api:0.1.0").hasSize(2);
        assertThat(supply.toPull()).containsExactly("istiosuccinctly/fruits-api:1.0.0");
        assertThat(ImageSupply.fullName("coredns/coredns:1.14.7")).isEqualTo("docker.io/coredns/coredns:1.14.7");
        assertThat(ImageSupply.fullName("busybox:1.36")).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(ImageSupply.fullName("mirror.local/istio/pilot:1")).isEqualTo("mirror.local/istio/pilot:1");
        assertThat(ImageSupply.fullName("localhost/istiocoredns/fruits-api:0.1.0")).isEqualTo("localhost/istiocoredns/fruits-api:0.1.0");
        assertThat(ImageSupply.fullName("registry.example:5000/a/b:1")).isEqualTo("registry.example:5000/a/b:1");
    }
}
