package io.github.istiocoredns.e2e.mesh;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.istiocoredns.e2e.apiserver.KubeBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Istio's CRDs for one Istio version, as one YAML file {@code <cache>/istio/<version>/crd-all.gen.yaml}. Offline it
 * is written by {@code scripts/offline-images istio-crds} (from the istio.io/istio Go module's chart files); on a
 * connected machine with {@code download} it is taken from Istio's Helm chart {@code base}
 * ({@code <helmRepository>/base-<version>.tgz}, entry {@code base/files/crd-all.gen.yaml}) into the same place.
 * {@code <cache>} is {@code $ISTIOCOREDNS_CACHE}, by default {@code ~/.cache/istiocoredns}.
 */
public final class IstioCrds {

    public static final String CACHE_ENV = "ISTIOCOREDNS_CACHE";
    static final String FILE_NAME = "crd-all.gen.yaml";
    private static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);

    private final String version;
    private final String helmRepository;
    private final Path cacheRoot;
    private final boolean download;

    public IstioCrds(String version, String helmRepository, Path cacheRoot, boolean download) {
        this.version = version;
        this.helmRepository = helmRepository;
        this.cacheRoot = cacheRoot;
        this.download = download;
    }

    /** The cache root from {@value #CACHE_ENV}, else {@code ~/.cache/istiocoredns}. */
    public static Path defaultCacheRoot() {
        String env = System.getenv(CACHE_ENV);
        return env == null || env.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "istiocoredns") : Path.of(env);
    }

    public String version() {
        return version;
    }

    public Path file() {
        return cacheRoot.resolve("istio").resolve(version).resolve(FILE_NAME);
    }

    /** Why the CRDs cannot be had, or empty when the file is present (or may be downloaded). */
    public Optional<String> missing() {
        if (download || Files.isRegularFile(file())) {
            return Optional.empty();
        }
        return Optional.of("no Istio " + version + " CRDs at " + file() + " (" + KubeBinaries.PROVIDE_HINT + ")");
    }

    /** The CRDs, from the cache or (if allowed) from the base chart. */
    public List<CustomResourceDefinition> load(KubernetesClient client) {
        Path file = ensure();
        try (InputStream in = Files.newInputStream(file)) {
            List<HasMetadata> objects = client.load(in).items();
            List<CustomResourceDefinition> crds = objects.stream().filter(CustomResourceDefinition.class::isInstance)
                    .map(CustomResourceDefinition.class::cast).toList();
            if (crds.isEmpty()) {
                throw new IllegalStateException(file + " holds no CustomResourceDefinition (found " + objects.size() + " objects)");
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Creates the CRDs and waits until the API serves each of them. Returns their names. */
    public List<String> install(KubernetesClient client) {
        List<CustomResourceDefinition> crds = load(client);
        for (CustomResourceDefinition crd : crds) {
            crd.getMetadata().setResourceVersion(null);
            client.resource(crd).serverSideApply();
        }
        for (CustomResourceDefinition crd : crds) {
            String name = crd.getMetadata().getName();
            client.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(IstioCrds::established, ESTABLISHED_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return crds.stream().map(crd -> crd.getMetadata().getName()).toList();
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Path ensure() {
        Path file = file();
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (!download) {
            throw new IllegalStateException(missing().orElse("CRDs missing"));
        }
        URI chart = URI.create(helmRepository.replaceAll("/+$", "") + "/base-" + version + ".tgz");
        try {
            Files.createDirectories(file.getParent());
            HttpResponse<InputStream> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(chart).timeout(DOWNLOAD_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + chart + " answered HTTP " + response.statusCode());
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(response.body()))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.getName().endsWith("/files/" + FILE_NAME)) {
                        Path partial = file.resolveSibling(FILE_NAME + ".partial");
                        Files.copy(tar, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return file;
                    }
                }
            }
            throw new IllegalStateException(chart + " holds no files/" + FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch Istio's CRDs from " + chart, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching " + chart, e);
        }
    }
}
