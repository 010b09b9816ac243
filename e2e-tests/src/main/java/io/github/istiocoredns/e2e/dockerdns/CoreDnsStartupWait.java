package io.github.istiocoredns.e2e.dockerdns;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * Waits until CoreDNS either serves (its {@code CoreDNS-<version>} banner is in the log) or has exited, checking
 * every 50 ms: a rejected Corefile makes CoreDNS exit within milliseconds, so the verdict comes at once instead of
 * after a timeout. Exiting throws {@link CoreDnsExitedException} with the error line, read before Testcontainers
 * removes the failed container.
 */
final class CoreDnsStartupWait implements WaitStrategy {

    private static final Duration POLL = Duration.ofMillis(50);

    private final String image;
    private final LongSupplier startNanos;
    private Duration timeout = Duration.ofSeconds(20);
    private volatile StartupOutcome.Serving serving;

    CoreDnsStartupWait(String image, LongSupplier startNanos) {
        this.image = image;
        this.startNanos = startNanos;
    }

    @Override
    public void waitUntilReady(WaitStrategyTarget target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String log = "";
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = target.getCurrentContainerInfo().getState();
            log = target.getLogs();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new CoreDnsExitedException(image, rejection(target, state));
            }
            Optional<String> version = CoreDnsLog.servingVersion(log);
            if (version.isPresent()) {
                serving = new StartupOutcome.Serving(version.get(), sinceStart());
                return;
            }
            sleep();
        }
        throw new ContainerLaunchException(image + " neither served (no CoreDNS-<version> line) nor exited within "
                + timeout.toMillis() + " ms; log so far:\n" + log);
    }

    // CoreDNS writes the fatal error to stderr; other output (1.14's "maxprocs: ..." line) goes to stdout, and Docker
    // interleaves the two streams in no fixed order, so the error line is taken from stderr alone.
    private StartupOutcome.Rejected rejection(WaitStrategyTarget target, InspectContainerResponse.ContainerState state) {
        String stderr = target.getLogs(OutputFrame.OutputType.STDERR);
        String log = target.getLogs();
        long exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
        String errorLine = CoreDnsLog.errorLine(stderr.isBlank() ? log : stderr);
        return new StartupOutcome.Rejected(exitCode, errorLine, log, sinceStart());
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration startupTimeout) {
        this.timeout = startupTimeout;
        return this;
    }

    /** Set once the wait returned normally. */
    StartupOutcome.Serving serving() {
        return serving;
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos.getAsLong());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for CoreDNS to start", e);
        }
    }
}
