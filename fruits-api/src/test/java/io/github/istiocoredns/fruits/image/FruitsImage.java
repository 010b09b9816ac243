package io.github.istiocoredns.fruits.image;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * The image Jib built as a tarball during {@code package}: loads it into the Docker daemon so that
 * Testcontainers can start it. The build needs no daemon; only this test does.
 */
final class FruitsImage {
  private final String name;
  private final Path tarball;

  private FruitsImage(String name, Path tarball) {
    this.name = name;
    this.tarball = tarball;
  }

  /** Reads the image name and tarball path that the pom passes to Failsafe. */
  static FruitsImage fromBuild() {
    return new FruitsImage(requiredProperty("fruits.image"), Path.of(requiredProperty("fruits.image.tar")));
  }

  String name() {
    return name;
  }

  /** Loads the tarball and checks that the daemon now knows the image by its name. */
  FruitsImage loadIntoDocker() throws IOException {
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "fruits-api image tarball " + tarball + " is missing: run ./mvnw -pl fruits-api package"
              + " (Jib's buildTar goal writes it)");
    }
    DockerClient docker = DockerClientFactory.instance().client();
    try (InputStream in = Files.newInputStream(tarball)) {
      docker.loadImageCmd(in).exec();
    }
    docker.inspectImageCmd(name).exec();
    return this;
  }

  private static String requiredProperty(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property '" + key + "' is not set: run this test through Maven (Failsafe sets it)");
    }
    return value;
  }
}
