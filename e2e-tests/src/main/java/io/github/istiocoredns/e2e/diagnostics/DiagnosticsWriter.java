package io.github.istiocoredns.e2e.diagnostics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes what a {@link DiagnosticsSource} gives, once per suite, in a fixed layout:
 *
 * <pre>
 * diagnostics/events/NAMESPACE.txt
 * diagnostics/logs/NAMESPACE/POD/CONTAINER.log            (+ CONTAINER.previous.log)
 * diagnostics/corefiles/NAMESPACE_CONFIGMAP_KEY.Corefile
 * diagnostics/envoy/NAMESPACE/POD/config_dump.json, clusters.txt
 * diagnostics/k3s/container.log                          (extras: files from outside the cluster's API)
 * diagnostics/README.txt                                  what was collected, and what could not be (with why)
 * </pre>
 *
 * One item failing (a pod gone, a container that never ran) is noted and does not stop the others.
 */
public final class DiagnosticsWriter {

    public static final String DIRECTORY = "diagnostics";
    static final String ENVOY_CONFIG_DUMP = "config_dump";
    static final String ENVOY_CLUSTERS = "clusters";

    private final AtomicBoolean written = new AtomicBoolean();

    /**
     * Collects into {@code parent}/diagnostics unless this writer has already done so.
     *
     * @param reason why (the first failure), for README.txt
     * @return the files written; empty on any later call
     */
    public List<Path> writeOnce(DiagnosticsSource source, List<String> namespaces, Path parent, String reason) {
        return writeOnce(source, namespaces, parent, reason, Map.of());
    }

    /**
     * As {@link #writeOnce(DiagnosticsSource, List, Path, String)}, plus files from outside the cluster's API, e.g. the
     * log of the container k3s runs in ({@code k3s/container.log}).
     *
     * @param source the cluster, or null when none answers (a setup that failed before its API server ran)
     * @param extras file names under diagnostics/ to their content, each collected like the rest
     */
    public List<Path> writeOnce(DiagnosticsSource source, List<String> namespaces, Path parent, String reason, Map<String, Callable<String>> extras) {
        if (!written.compareAndSet(false, true)) {
            return List.of();
        }
        Path root = parent.resolve(DIRECTORY);
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        new TreeMap<>(extras).forEach((name, content) -> item(files, notes, root.resolve(name), name, content));
        if (source == null) {
            notes.add("the cluster's API: nothing answered");
            return finish(root, reason, files, notes);
        }
        for (String namespace : namespaces) {
            item(files, notes, root.resolve("events").resolve(safe(namespace) + ".txt"), "events of " + namespace, () -> source.events(namespace));
            List<PodRef> pods = attempt(notes, "pods of " + namespace, () -> source.pods(namespace));
            for (PodRef pod : pods == null ? List.<PodRef>of() : pods) {
                Path dir = root.resolve("logs").resolve(safe(pod.namespace())).resolve(safe(pod.name()));
                for (String container : pod.containers()) {
                    item(files, notes, dir.resolve(safe(container) + ".log"), "log of " + where(pod, container), () -> source.log(pod, container, false));
                    optional(files, dir.resolve(safe(container) + ".previous.log"), () -> source.log(pod, container, true));
                }
            }
        }
        var corefiles = attempt(notes, "Corefiles", source::corefiles);
        if (corefiles != null) {
            corefiles.forEach((name, text) -> item(files, notes, root.resolve("corefiles").resolve(safe(name) + ".Corefile"), "Corefile " + name, () -> text));
        }
        List<PodRef> clients = attempt(notes, "meshed clients", source::meshedClients);
        for (PodRef client : clients == null ? List.<PodRef>of() : clients) {
            Path dir = root.resolve("envoy").resolve(safe(client.namespace())).resolve(safe(client.name()));
            item(files, notes, dir.resolve("config_dump.json"), "Envoy config_dump of " + client.name(), () -> source.envoy(client, ENVOY_CONFIG_DUMP));
            item(files, notes, dir.resolve("clusters.txt"), "Envoy clusters of " + client.name(), () -> source.envoy(client, ENVOY_CLUSTERS));
        }
        return finish(root, reason, files, notes);
    }

    private static List<Path> finish(Path root, String reason, List<Path> files, List<String> notes) {
        Path readme = root.resolve("README.txt");
        write(readme, "Diagnostics collected because: " + reason + "\n" + files.size() + " files.\n"
                + (notes.isEmpty() ? "Everything asked for was collected.\n" : "Not collected:\n  " + String.join("\n  ", notes) + "\n"));
        files.add(readme);
        return files;
    }

    private static void item(List<Path> files, List<String> notes, Path file, String what, Callable<String> content) {
        String text = attempt(notes, what, content);
        if (text != null) {
            write(file, text);
            files.add(file);
        }
    }

    /** Written only when there is something: most containers have no previous run. */
    private static void optional(List<Path> files, Path file, Callable<String> content) {
        try {
            String text = content.call();
            if (text != null && !text.isEmpty()) {
                write(file, text);
                files.add(file);
            }
        } catch (Exception ignored) {
            // No previous run is the normal case, not a gap in the diagnostics.
        }
    }

    private static <T> T attempt(List<String> notes, String what, Callable<T> content) {
        try {
            return content.call();
        } catch (Exception e) {
            notes.add(what + ": " + e);
            return null;
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write diagnostics file " + file, e);
        }
    }

    private static String where(PodRef pod, String container) {
        return pod.namespace() + "/" + pod.name() + "/" + container;
    }

    /** File names from Kubernetes names: slashes and anything odd become underscores. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
