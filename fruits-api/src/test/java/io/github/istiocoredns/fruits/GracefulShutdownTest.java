package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    static final long SLOW_MS = 2_000;

    private FruitsApp app;

    @AfterEach
    void stopServer() {
        if (app != null) {
            app.javalin().stop(); // no-op when the test already stopped it
        }
    }

    @Test
    void inFlightRequestFinishesWhenStopIsCalled() throws Exception {
        app = FruitsApp.create(AppSettings.forTests("1").withSlowTestRoute()).start();
        int port = app.port();
        URI baseUri = URI.create("http://localhost:" + port);
        CompletableFuture<ParityCheck.Answer> slow = CompletableFuture.supplyAsync(
                () -> ParityCheck.send(baseUri, ParityCase.request("slow", "GET", "/test/slow?ms=" + SLOW_MS)));
        await("the slow request to be in flight").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> app.activeRequests() == 1);

        long stopStarted = System.nanoTime();
        app.shutdownGracefully();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStarted);

        ParityCheck.Answer answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"sleptMs\":" + SLOW_MS + "}");
        assertThat(stopMillis).as("stop waited for the in-flight request").isGreaterThan(SLOW_MS / 2);
        assertThat(app.activeRequests()).isZero();
        assertRefusesConnections(port);
    }

    @Test
    void readinessTurns503WhileDrainingAndServingContinues() throws Exception {
        app = FruitsApp.create(AppSettings.forTests("1").withDrainDelay(Duration.ofMillis(1_500))).start();
        int port = app.port();
        URI baseUri = URI.create("http://localhost:" + port);
        ParityCheck.verify(baseUri, ParityTable.healthRows().get(1)); // ready before
        assertThat(app.isReady()).isTrue();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::shutdownGracefully);
        await("readiness to turn 503").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> !app.isReady());

        ParityCheck.verify(baseUri, ParityCase.request("readyz while draining", "GET", "/readyz")
                .json(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"shutting down\"}").fullResponse());
        ParityCheck.verify(baseUri, ParityTable.countryRows().get(0)); // still serving during the drain delay
        ParityCheck.verify(baseUri, ParityTable.healthRows().get(0)); // and still alive

        shutdown.get(10, TimeUnit.SECONDS);
        assertRefusesConnections(port);
    }

    @Test
    void secondShutdownReturnsAtOnce() {
        app = FruitsApp.create(AppSettings.forTests("1")).start();
        app.shutdownGracefully();
        long started = System.nanoTime();
        app.shutdownGracefully();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
    }

    private static void assertRefusesConnections(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
