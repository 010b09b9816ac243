package io.github.istiocoredns.e2e.mesh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A Helm chart repository on 127.0.0.1 for charts that come as source directories (Istio's, from its Go module):
 * each is packaged the way a release does it, with {@code version} and {@code appVersion} set to the given version, and
 * listed in index.yaml. So the suite's IstioInstaller runs unchanged (repo add, install by reference and version).
 */
public final class ChartRepositoryOnLoopback implements AutoCloseable {

    private final HttpServer server;
    private final URI uri;

    private ChartRepositoryOnLoopback(HttpServer server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /** @param chartDirectories chart source directories (each with a Chart.yaml) */
    public static ChartRepositoryOnLoopback serve(List<Path> chartDirectories, String version) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Map<String, byte[]> files = new LinkedHashMap<>();
            StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n");
            for (Path chart : chartDirectories) {
                String name = chartName(chart);
                String archive = name + "-" + version + ".tgz";
                files.put("/" + archive, packaged(chart, name, version));
                index.append("  ").append(name).append(":\n    - apiVersion: v2\n      name: ").append(name).append("\n      version: ")
                        .append(version).append("\n      appVersion: ").append(version).append("\n      urls:\n        - ").append(uri)
                        .append('/').append(archive).append('\n');
            }
            files.put("/index.yaml", index.toString().getBytes(StandardCharsets.UTF_8));
            server.createContext("/", exchange -> {
                byte[] body = files.get(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
            return new ChartRepositoryOnLoopback(server, uri);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the charts " + chartDirectories, e);
        }
    }

    public URI uri() {
        return uri;
    }

    private static String chartName(Path chart) throws IOException {
        return Files.readAllLines(chart.resolve("Chart.yaml")).stream().filter(l -> l.startsWith("name:")).map(l -> l.substring(5).strip())
                .findFirst().orElseThrow(() -> new IllegalArgumentException(chart.resolve("Chart.yaml") + " names no chart"));
    }

    /** A .tgz with every file under {@code <name>/}, Chart.yaml's version and appVersion replaced. */
    private static byte[] packaged(Path chart, String name, String version) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
                Stream<Path> walk = Files.walk(chart)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = chart.relativize(file).toString().replace('\\', '/');
                byte[] content = Files.readAllBytes(file);
                if (relative.equals("Chart.yaml")) {
                    content = new String(content, StandardCharsets.UTF_8).replaceAll("(?m)^version: .*$", "version: " + version)
                            .replaceAll("(?m)^appVersion: .*$", "appVersion: " + version).getBytes(StandardCharsets.UTF_8);
                }
                TarArchiveEntry entry = new TarArchiveEntry(name + "/" + relative);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
