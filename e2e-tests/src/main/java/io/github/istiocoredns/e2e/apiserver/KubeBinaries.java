package io.github.istiocoredns.e2e.apiserver;

import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.binary.OSInfo;
import io.github.istiocoredns.e2e.mesh.IstioCrds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where kube-apiserver, etcd and kubectl come from for {@link ApiServerCluster}. kube-api-test reads them from
 * {@code <dir>/k8s/<version>-<os>-<arch>/} ({@code <dir>} is {@code ~/.kubeapitest} by default). Offline (the
 * default) that directory must have been filled by {@code scripts/offline-images kube-binaries}; with
 * {@code download} (a connected machine) kube-api-test downloads the binaries itself into the same place.
 *
 * <p>The version is one property, {@value #VERSION_PROPERTY} (e.g. {@code 1.35.6} or {@code 1.35.*}); unset, the
 * newest version present is used.
 */
public final class KubeBinaries {

    public static final String VERSION_PROPERTY = "kube.version";
    public static final String DIRECTORY_PROPERTY = "kube.binaries.dir";
    public static final String DOWNLOAD_PROPERTY = "kube.download";
    public static final String DIRECTORY_ENV = "KUBEAPITEST_DIR";
    public static final String PROVIDE_HINT = "run scripts/offline-images kube-binaries istio-crds, or on a connected machine -D"
            + DOWNLOAD_PROPERTY + "=true";

    static final String API_SERVER = "kube-apiserver";
    static final String ETCD = "etcd";
    static final String KUBECTL = "kubectl";
    private static final String WILDCARD = ".*";

    private final String version;
    private final Path directory;
    private final boolean download;

    /**
     * @param version a Kubernetes version such as 1.35.6, a wildcard such as 1.35.*, or null for the newest present
     * @param directory the kube-api-test directory (holding k8s/)
     * @param download whether kube-api-test may download missing binaries
     */
    public KubeBinaries(String version, Path directory, boolean download) {
        this.version = version == null || version.isBlank() || version.startsWith("${") ? null : version.strip();
        this.directory = directory;
        this.download = download;
    }

    /**
     * From the system properties {@value #VERSION_PROPERTY}, {@value #DIRECTORY_PROPERTY}, {@value #DOWNLOAD_PROPERTY}.
     * Without {@value #DIRECTORY_PROPERTY} the first of these that holds matching binaries is used: env
     * {@code KUBEAPITEST_DIR}, {@code <cache>/kubeapitest} (where {@code scripts/offline-images kube-binaries} writes,
     * {@code <cache>} being {@code $ISTIOCOREDNS_CACHE} or {@code ~/.cache/istiocoredns}), {@code ~/.kubeapitest}
     * (kube-api-test's own default, where it downloads to).
     */
    public static KubeBinaries fromSystemProperties() {
        String version = System.getProperty(VERSION_PROPERTY);
        boolean download = Boolean.getBoolean(DOWNLOAD_PROPERTY);
        String dir = System.getProperty(DIRECTORY_PROPERTY, "");
        if (!dir.isBlank() && !dir.startsWith("${")) {
            return new KubeBinaries(version, Path.of(dir), download);
        }
        Path kubeApiTestDefault = Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
        List<Path> candidates = new java.util.ArrayList<>();
        String env = System.getenv(DIRECTORY_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(IstioCrds.defaultCacheRoot().resolve("kubeapitest"));
        candidates.add(kubeApiTestDefault);
        return candidates.stream().map(candidate -> new KubeBinaries(version, candidate, download))
                .filter(binaries -> binaries.localDirectory().isPresent()).findFirst()
                .orElse(new KubeBinaries(version, candidates.get(0), download));
    }

    /** The kube-api-test directory looked in (holding k8s/). */
    public Path directory() {
        return directory;
    }

    public boolean download() {
        return download;
    }

    /** The requested version as given, or "newest present". */
    public String requested() {
        return version == null ? "newest present" : version;
    }

    /** Why no binaries can be had, or empty when they are present (or may be downloaded). */
    public Optional<String> missing() {
        if (download || localDirectory().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("no kube-apiserver, etcd and kubectl for Kubernetes " + requested() + " under "
                + directory.resolve(BinaryManager.BINARY_LIST_DIR) + " (expected a directory <version>" + platformSuffix()
                + " holding all three; " + PROVIDE_HINT + ")");
    }

    /** The directory holding the three binaries, downloading them first if allowed and needed. */
    public Path resolve() {
        Optional<Path> local = localDirectory();
        if (local.isPresent()) {
            return local.get();
        }
        if (!download) {
            throw new IllegalStateException(missing().orElse("binaries missing"));
        }
        var config = KubeAPIServerConfigBuilder.anAPIServerConfig().withTestDir(directory.toString())
                .withApiServerVersion(version).withOfflineMode(false).build();
        BinaryManager manager = new BinaryManager(config);
        manager.initAndDownloadIfRequired();
        return manager.binaries().getApiServer().toPath().getParent();
    }

    /** The version of a binaries directory (its name without the platform suffix). */
    public static String versionOf(Path binariesDirectory) {
        String name = binariesDirectory.getFileName().toString();
        return name.endsWith(platformSuffix()) ? name.substring(0, name.length() - platformSuffix().length()) : name;
    }

    /**
     * A kube-api-test directory for one API server whose {@code k8s/<version>-<os>-<arch>/} links etcd and kubectl
     * and holds a {@code kube-apiserver} wrapper. Why the wrapper: kube-api-test 7.5.2 puts the flags it is given
     * BEFORE its own, which end with {@code --service-cluster-ip-range 10.0.0.0/24}, and kube-apiserver keeps the last
     * value of a repeated flag, so {@code withApiServerFlag("--service-cluster-ip-range", ...)} alone has no effect.
     * The wrapper keeps the first occurrence of that flag (ours) and drops later ones.
     */
    public static Path viewWithServiceRangeFix(Path binaries, Path workDirectory) {
        Path view = workDirectory.resolve(BinaryManager.BINARY_LIST_DIR).resolve(binaries.getFileName());
        try {
            Files.createDirectories(view);
            for (String name : List.of(ETCD, KUBECTL)) {
                Path link = view.resolve(name);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, binaries.resolve(name).toAbsolutePath());
            }
            Path wrapper = view.resolve(API_SERVER);
            Files.writeString(wrapper, wrapperScript(binaries.resolve(API_SERVER).toAbsolutePath()), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the kube-api-test directory " + view, e);
        }
    }

    static String wrapperScript(Path realApiServer) {
        return """
                #!/usr/bin/env bash
                # Written by the suite (KubeBinaries): keeps the first --service-cluster-ip-range, drops later ones.
                args=(); seen=0; skip=0
                for a in "$@"; do
                  if [ "$skip" = 1 ]; then skip=0; continue; fi
                  if [ "$a" = --service-cluster-ip-range ]; then
                    if [ "$seen" = 1 ]; then skip=1; continue; fi
                    seen=1
                  fi
                  args+=("$a")
                done
                exec '%s' "${args[@]}"
                """.formatted(realApiServer.toString().replace("'", "'\\''"));
    }

    private Optional<Path> localDirectory() {
        Path k8s = directory.resolve(BinaryManager.BINARY_LIST_DIR);
        if (!Files.isDirectory(k8s)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(k8s)) {
            return entries.filter(KubeBinaries::holdsAllThree)
                    .filter(dir -> matches(versionOf(dir)))
                    .max(Comparator.comparing(dir -> versionOf(dir), KubeBinaries::compareVersions));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + k8s, e);
        }
    }

    private boolean matches(String candidate) {
        if (version == null) {
            return true;
        }
        if (version.endsWith(WILDCARD)) {
            return candidate.startsWith(version.substring(0, version.length() - 1));
        }
        return candidate.equals(version);
    }

    private static boolean holdsAllThree(Path dir) {
        return dir.getFileName().toString().endsWith(platformSuffix())
                && Stream.of(API_SERVER, ETCD, KUBECTL).allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? number(left[i]) : 0;
            int r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int number(String part) {
        String digits = part.replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    static String platformSuffix() {
        OSInfo os = new OSInfo();
        return "-" + os.getOSName() + "-" + os.getOSArch();
    }
}
