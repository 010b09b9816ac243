package io.github.istiocoredns.e2e.mesh;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Installs an {@link IstioInstallPlan} with helm-java (Helm's own Go library, no CLI): adds the repository to a
 * repository file of this run, then installs each release. The same works on k3s and on any other cluster. Each
 * helm-java call is followed by putting the JVM's signal handlers back ({@link JvmSignals}).
 */
public final class IstioInstaller {

    private final Path kubeconfig;
    private final Path workDirectory;
    private final Consumer<String> log;

    /** @param workDirectory where the Helm repository file of this run goes (under target/) */
    public IstioInstaller(Path kubeconfig, Path workDirectory, Consumer<String> log) {
        this.kubeconfig = kubeconfig;
        this.workDirectory = workDirectory;
        this.log = log;
    }

    public List<Release> install(IstioInstallPlan plan) {
        Path repositories = workDirectory.resolve("helm-repositories.yaml");
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + workDirectory, e);
        }
        JvmSignals.restoringHandlers(() -> Helm.repo().add().withRepositoryConfig(repositories).withName(IstioInstallPlan.REPOSITORY_NAME)
                .withUrl(plan.repository()).call());
        List<Release> installed = new ArrayList<>();
        for (ChartRelease release : plan.releases()) {
            log.accept("[istio] " + release.helmCommand());
            InstallCommand command = Helm.install(release.chart()).withRepositoryConfig(repositories).withKubeConfig(kubeconfig)
                    .withName(release.name()).withNamespace(release.namespace()).createNamespace().withVersion(release.version());
            for (Path valuesFile : release.valuesFiles()) {
                command = command.withValuesFile(valuesFile);
            }
            for (var value : release.values().entrySet()) {
                command = command.set(value.getKey(), value.getValue());
            }
            Release done = JvmSignals.restoringHandlers(command::call);
            log.accept("[istio] " + done.getName() + " " + done.getChart() + " " + done.getStatus());
            installed.add(done);
        }
        return installed;
    }
}
