package io.github.istiocoredns.e2e.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's root directory (the one holding manifests/ and e2e-tests/), from the system
 * property {@value #PROPERTY} (set by the build) or by walking up from the working directory.
 */
public final class ProjectRoot {

    public static final String PROPERTY = "project.root";

    private ProjectRoot() {
    }

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!isRoot(root)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not the project root: "
                        + root + " holds no manifests/ directory and e2e-tests/pom.xml");
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the project root (a directory holding manifests/ and "
                + "e2e-tests/pom.xml) at or above " + start + "; run from inside the project or set -D" + PROPERTY + "=<path>");
    }

    static boolean isRoot(Path dir) {
        return Files.isDirectory(dir.resolve("manifests")) && Files.isRegularFile(dir.resolve("e2e-tests/pom.xml"));
    }
}
