package io.github.istiocoredns.e2e.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command in one container of a pod through the exec API, bounded in time. */
public final class PodExec {

    private final KubernetesClient client;
    private final Duration timeout;

    public PodExec(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public ExecResult run(String namespace, String pod, String container, List<String> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(command.toArray(String[]::new))) {
            Integer exit = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            return new ExecResult(-1, out.toString(StandardCharsets.UTF_8), "no exit within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new ExecResult(-1, out.toString(StandardCharsets.UTF_8), "exec failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(-1, out.toString(StandardCharsets.UTF_8), "interrupted");
        }
    }

    /**
     * The result of an exec whose exit code future completed. fabric8 completes it with null when the stream closes
     * before the exit code arrives (ExecWatch#exitCode): then whether the command finished is unknown, and the result
     * is an unfinished one ({@link ExecResult#finished()} false) that says so, keeping what the command wrote.
     */
    static ExecResult result(Integer exit, String stdout, String stderr) {
        if (exit == null) {
            return new ExecResult(-1, stdout, "no exit code received (the exec stream closed first)" + (stderr.isBlank() ? "" : "; stderr: " + stderr));
        }
        return new ExecResult(exit, stdout, stderr);
    }
}
