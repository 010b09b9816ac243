package io.github.istiocoredns.fruits.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.github.istiocoredns.fruits.ParityCase;
import io.github.istiocoredns.fruits.ParityCheck;
import io.github.istiocoredns.fruits.ParityTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The image Jib built, started as a container with the article's app_version and a memory limit:
 * it runs as non-root, listens on 3000, sizes its heap from the limit, is ready within 2 s, and
 * answers a subset of the parity table exactly as the in-process server does.
 */
@RequiresDocker(tier = "image")
class FruitsImageIT {
  private static final int PORT = 3000;
  private static final long MEMORY_LIMIT_BYTES = 256L * 1024 * 1024;
  private static final Duration READY_WITHIN = Duration.ofSeconds(2);
  private static final Duration PUBLISHED_PORT_WITHIN = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static GenericContainer<?> container;
  private static Duration startToReady;

  @BeforeAll
  static void startImage() throws IOException, InterruptedException {
    FruitsImage image = FruitsImage.fromBuild().loadIntoDocker();
    container =
        new GenericContainer<>(DockerImageName.parse(image.name()))
            .withEnv("app_version", "1")
            .withExposedPorts(PORT)
            .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(MEMORY_LIMIT_BYTES))
            // The startup line is pushed by the log stream: no polling delay in the measurement.
            .waitingFor(Wait.forLogMessage(".*\"event\":\"started\".*\\n", 1))
            .withStartupTimeout(Duration.ofSeconds(30));
    container.start();
    startToReady = timeFromContainerStartToReady();
  }

  @AfterAll
  static void stopImage() {
    if (container != null) {
      container.stop();
    }
  }

  static Stream<ParityCase> imageRows() {
    List<ParityCase> rows = new ArrayList<>();
    rows.addAll(ParityTable.countryRows());
    rows.addAll(ParityTable.priceRows());
    rows.addAll(ParityTable.specialFruitRows("1"));
    rows.addAll(ParityTable.routerRows());
    rows.addAll(ParityTable.corsRows());
    rows.addAll(ParityTable.healthRows());
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageRows")
  void answersAsTheInProcessServer(ParityCase row) {
    ParityCheck.verify(baseUri(), row);
  }

  @Test
  void runsAsTheNonRootUserOfTheImage() throws Exception {
    String configuredUser = container.getContainerInfo().getConfig().getUser();
    String processStatus = container.execInContainer("cat", "/proc/1/status").getStdout();

    assertThat(configuredUser).isEqualTo("10001:10001");
    assertThat(processStatus).containsPattern("(?m)^Uid:\\s+10001\\s");
  }

  @Test
  void listensOnPort3000() {
    assertThat(container.getContainerInfo().getConfig().getExposedPorts())
        .extracting(Object::toString)
        .contains(PORT + "/tcp");
    assertThat(startedLine().path("port").asInt()).isEqualTo(PORT);
  }

  @Test
  void sizesItsHeapFromTheContainerMemoryLimit() {
    long maxHeapMiB = startedLine().path("maxHeapMiB").asLong(-1);
    long limitMiB = MEMORY_LIMIT_BYTES / (1024 * 1024);

    // -XX:MaxRAMPercentage=75 of 256 MiB is 192 MiB; a JVM that ignored the limit would take
    // a quarter of the host's memory instead (gigabytes here).
    assertThat(maxHeapMiB).as("max heap (MiB) under a %d MiB limit", limitMiB).isBetween(limitMiB / 2, limitMiB * 80 / 100);
  }

  @Test
  void isReadyWithinTwoSecondsOfContainerStart() {
    assertThat(startToReady)
        .as("from the container's start (docker inspect State.StartedAt) to the service listening")
        .isLessThanOrEqualTo(READY_WITHIN);
  }

  private static URI baseUri() {
    return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT));
  }

  private static JsonNode startedLine() {
    return container.getLogs().lines()
        .filter(line -> line.contains("\"event\":\"started\""))
        .findFirst()
        .map(FruitsImageIT::parse)
        .orElseThrow(() -> new AssertionError("no startup line in the container log:\n" + container.getLogs()));
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("startup line is not JSON: " + line, e);
    }
  }

  /**
   * From Docker's start of the container (State.StartedAt) to the moment the service logged that
   * it listens; /readyz must then answer 200. Both instants come from the host's clock, and neither
   * includes Testcontainers' own bookkeeping after the start.
   */
  private static Duration timeFromContainerStartToReady() {
    Instant containerStarted = Instant.parse(container.getContainerInfo().getState().getStartedAt());
    Instant serviceListening = Instant.parse(startedLine().path("time").asText());
    assertThat(readyzStatusThroughPublishedPort()).as("/readyz once the service logged that it started").isEqualTo(200);
    Duration elapsed = Duration.between(containerStarted, serviceListening);
    System.out.printf("fruits-api image: container start to ready in %d ms%n", elapsed.toMillis());
    return elapsed;
  }

  /**
   * The readiness figure comes from the service's own log line; this only confirms that the port
   * Docker published reaches it. Docker's forwarding of a just-published port can lag the process
   * (a CI run once saw "connection refused" right after the start line, with a daemon restarted
   * seconds before), so a refused connection is retried for a bounded time; the failure says what
   * the container was doing.
   */
  private static int readyzStatusThroughPublishedPort() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest readyz = HttpRequest.newBuilder(baseUri().resolve("/readyz")).timeout(Duration.ofSeconds(1)).build();
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Exception> lastFailure = new AtomicReference<>();
    try {
      return Awaitility.await("GET " + readyz.uri())
          .atMost(PUBLISHED_PORT_WITHIN)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> readyzStatus(http, readyz, attempts, lastFailure), status -> status > 0);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(String.format(
          "GET %s did not connect in %d attempts within %d s (last: %s); container: %s; its log:%n%s",
          readyz.uri(), attempts.get(), PUBLISHED_PORT_WITHIN.toSeconds(), lastFailure.get(),
          containerState(), container.getLogs()), e);
    }
  }

  private static int readyzStatus(
      HttpClient http, HttpRequest readyz, AtomicInteger attempts, AtomicReference<Exception> lastFailure)
      throws InterruptedException {
    attempts.incrementAndGet();
    try {
      return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      lastFailure.set(e);
      return -1;
    }
  }

  private static String publishedPorts(Map<ExposedPort, Ports.Binding[]> bindings) {
    return bindings.entrySet().stream()
        .map(entry -> entry.getKey() + "->" + Stream.of(entry.getValue() == null ? new Ports.Binding[0] : entry.getValue())
            .map(binding -> binding.getHostIp() + ":" + binding.getHostPortSpec())
            .collect(Collectors.joining(",")))
        .collect(Collectors.joining(" "));
  }

  private static String containerState() {
    InspectContainerResponse inspected =
        container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec();
    InspectContainerResponse.ContainerState state = inspected.getState();
    return String.format("running=%s exitCode=%s oomKilled=%s published=%s",
        state.getRunning(), state.getExitCodeLong(), state.getOOMKilled(),
        publishedPorts(inspected.getNetworkSettings().getPorts().getBindings()));
  }
}
