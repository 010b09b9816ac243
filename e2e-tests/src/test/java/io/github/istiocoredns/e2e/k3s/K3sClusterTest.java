package io.github.istiocoredns.e2e.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** K3sCluster's bounded execs, with plain callables in place of docker exec. */
class K3sClusterTest {

    private static final List<String> IMPORT = List.of("ctr", "-n", "k8s.io", "images", "import", "/tmp/imported-image.tar");

    private final ExecutorService execs = K3sCluster.execThreads();

    @AfterEach
    void shutDown() {
        execs.shutdownNow();
    }

    @Test
    void execReturnsWhatTheCommandReturned() {
        assertThat(K3sCluster.bounded(execs, Duration.ofSeconds(5), IMPORT, () -> "imported")).isEqualTo("imported");
    }

    @Test
    void timedOutExecIsCancelledAndNamedWithItsTimeout() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatThrownBy(() -> K3sCluster.bounded(execs, Duration.ofMillis(200), IMPORT, () -> {
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("ctr -n k8s.io images import /tmp/imported-image.tar in k3s timed out after 200 ms and was cancelled");

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the hung exec's thread was interrupted").isTrue();
        assertThatThrownBy(() -> K3sCluster.bounded(execs, Duration.ofSeconds(1), List.of("crictl", "pull", "x"), () -> {
            new CountDownLatch(1).await();
            return "never";
        })).hasMessageContaining("crictl pull x in k3s timed out after 1 s");
    }

    @Test
    void hungExecsDoNotDelayTheNextOne() {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> hung = new ArrayList<>();
        try {
            // More than the CPUs of any runner's common pool: the next exec must still start at once.
            for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 4; i++) {
                hung.add(execs.submit(() -> {
                    release.await();
                    return null;
                }));
            }

            assertThat(K3sCluster.bounded(execs, Duration.ofSeconds(5), IMPORT, () -> Thread.currentThread())).satisfies(thread -> {
                assertThat(thread.isDaemon()).isTrue();
                assertThat(thread.getName()).startsWith("k3s-exec-");
            });
        } finally {
            release.countDown();
            hung.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void failedExecKeepsItsCauseAndNamesTheCommand() {
        assertThatThrownBy(() -> K3sCluster.bounded(execs, Duration.ofSeconds(5), IMPORT, () -> {
            throw new IOException("docker daemon went away");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("docker exec ctr -n k8s.io images import")
                .hasRootCauseMessage("docker daemon went away");
        IllegalArgumentException thrown = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> K3sCluster.bounded(execs, Duration.ofSeconds(5), IMPORT, () -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    void execAfterCloseIsRefusedWithAReason() {
        execs.shutdownNow();

        assertThatThrownBy(() -> K3sCluster.bounded(execs, Duration.ofSeconds(5), IMPORT, () -> "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the cluster is closed");
    }
}
