package io.github.istiocoredns.e2e.http;

/** What a command run in a pod returned. @param exitCode -1 when it did not finish in time */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean finished() {
        return exitCode >= 0;
    }
}
