package io.github.istiocoredns.e2e;

import io.github.istiocoredns.e2e.catalog.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The project's files, as the unit tests read them. */
public final class TestProject {

    private TestProject() {
    }

    public static Path root() {
        return ProjectRoot.locate();
    }

    public static Path file(String relativePath) {
        return root().resolve(relativePath);
    }

    public static String read(String relativePath) {
        return readPath(file(relativePath));
    }

    public static String readPath(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource (src/test/resources) as a file. */
    public static Path resource(String name) {
        URL url = TestProject.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("No test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Files under manifests/ whose name ends with one of the suffixes, as paths relative to the root. */
    public static List<String> manifestFiles(String... suffixes) {
        try (Stream<Path> files = Files.walk(file("manifests"))) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .filter(p -> Stream.of(suffixes).anyMatch(p::endsWith))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
